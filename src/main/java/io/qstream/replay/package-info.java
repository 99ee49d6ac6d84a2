/**
 * What the streaming job must equal, and recorded fixtures: {@link io.qstream.replay.OfflineLabels} and
 * {@link io.qstream.replay.OfflineShotLabels} label a whole stream in one pass without Flink (decode all, features
 * all, one model call); {@link io.qstream.replay.OfflineReference} does so for every stream of a pipeline;
 * {@link io.qstream.replay.Replay} runs recorded fixture cases through the job ({@code qstream replay}).
 */
package io.qstream.replay;
