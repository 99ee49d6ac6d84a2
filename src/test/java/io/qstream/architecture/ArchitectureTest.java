package io.qstream.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md ("Layout"), checked on the compiled main classes: the plain-Java cores
 * never import Flink, and every package imports only packages below it in the flow.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.qstream");
    }

    @Test
    void thePlainJavaCoresDoNotUseFlink() {
        noClasses().that().resideInAnyPackage("io.qstream.arrays..", "io.qstream.media..", "io.qstream.features..",
                        "io.qstream.qrnn..", "io.qstream.labels..", "io.qstream.train..", "io.qstream.pipeline..")
                .should().dependOnClassesThat().resideInAPackage("org.apache.flink..")
                .because("the cores are plain Java (+ FFmpeg, ND4J), testable without Flink")
                .check(main);
    }

    @Test
    void theCoresDoNotUseFfmpegOrNd4jWhereTheyDoNotNeedThem() {
        noClasses().that().resideInAnyPackage("io.qstream.features..", "io.qstream.labels..", "io.qstream.pipeline..")
                .should().dependOnClassesThat().resideInAPackage("org.bytedeco.ffmpeg..")
                .because("only media/ talks to FFmpeg")
                .check(main);
    }

    @Test
    void packagesImportOnlyPackagesBelowThemInTheFlow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("io.qstream.cli..")
                .layer("bench").definedBy("io.qstream.bench..")
                .layer("plot").definedBy("io.qstream.plot..")
                .layer("replay").definedBy("io.qstream.replay..")
                .layer("flink").definedBy("io.qstream.flink")
                .layer("flink.source").definedBy("io.qstream.flink.source..")
                .layer("flink.record").definedBy("io.qstream.flink.record..")
                .layer("pipeline").definedBy("io.qstream.pipeline..")
                .layer("train").definedBy("io.qstream.train..")
                .layer("labels").definedBy("io.qstream.labels..")
                .layer("media").definedBy("io.qstream.media..")
                .layer("features").definedBy("io.qstream.features..")
                .layer("qrnn").definedBy("io.qstream.qrnn..")
                .layer("arrays").definedBy("io.qstream.arrays..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("bench").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("plot").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("replay").mayOnlyBeAccessedByLayers("cli", "bench", "plot")
                .whereLayer("flink").mayOnlyBeAccessedByLayers("cli", "bench", "replay")
                .whereLayer("flink.source").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink")
                .whereLayer("flink.record").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink", "flink.source")
                .whereLayer("pipeline").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink", "flink.source", "plot")
                .whereLayer("train").mayOnlyBeAccessedByLayers("cli", "bench", "plot")
                .whereLayer("labels").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink", "pipeline", "train", "plot")
                .whereLayer("media").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink", "flink.source",
                        "flink.record", "pipeline", "train", "plot")
                .whereLayer("features").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink", "pipeline", "train",
                        "labels", "plot")
                .whereLayer("qrnn").mayOnlyBeAccessedByLayers("cli", "bench", "replay", "flink", "pipeline", "train")
                .check(main);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.qstream.(**)").should().beFreeOfCycles().check(main);
    }
}
