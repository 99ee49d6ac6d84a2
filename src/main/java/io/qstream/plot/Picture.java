package io.qstream.plot;

import java.awt.image.BufferedImage;

/** A drawn plot and a one-line summary of what is in view, for the terminal. */
public record Picture(BufferedImage image, String summary) {}
