/**
 * {@code qstream plot}: pictures of what a pipeline's model does on one input, so a person sees where and why it
 * is wrong. The model runs offline exactly as the job labels ({@link io.qstream.plot.OfflineRun}, the only class
 * here that touches the job's reference code); {@link io.qstream.plot.AudioPlot} and
 * {@link io.qstream.plot.VideoPlot} draw the result with Java2D (headless) on the shared geometry of
 * {@link io.qstream.plot.PlotLayout}; {@link io.qstream.plot.TruthLabels} reads reference labels;
 * {@link io.qstream.plot.PngOutput} writes the PNG atomically. No Flink runtime is started.
 */
package io.qstream.plot;
