/**
 * Pipeline configuration, typed and validated once at the edge: {@link io.qstream.pipeline.PipelineSpec} is the YAML
 * (every key and default documented there), {@link io.qstream.pipeline.ResolvedPipeline} checks it against the
 * model files and resolves it into the settings the job's parts take ({@link io.qstream.pipeline.MediaInput} for the
 * source, {@link io.qstream.pipeline.BatchOptions} for the model operator, label options for the label operators),
 * and {@link io.qstream.pipeline.ModelLoader} gives operators their model on the TaskManager. No Flink.
 */
package io.qstream.pipeline;
