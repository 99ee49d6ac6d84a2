package io.qstream.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qstream.qrnn.QrnnModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelImportTest {
    private static final List<String> LABELS = List.of("nonspeech", "speech");

    @Test
    void exportThenImportGivesTheSameNetAndTheSameLabels() {
        List<LabeledSequence> train = TrainerTest.toy(1, 8), val = TrainerTest.toy(2, 3);
        TrainConfig c = TrainerTest.config();
        c.maxEpochs = 2;
        QrnnNet trained = new Trainer(c, LABELS).train(train, val, null).net();
        QrnnNet back = ModelImport.toNet(ModelExport.toModel(trained, null), LABELS);
        for (int p = 0; p < trained.parameters().length; p++) {
            assertArrayEquals(trained.parameters()[p], back.parameters()[p], "parameter array " + p);
        }
        assertArrayEquals(trained.mean(), back.mean());
        assertArrayEquals(trained.std(), back.std());
        for (LabeledSequence s : val) {
            assertArrayEquals(Trainer.predict(trained, s.features().data()), Trainer.predict(back, s.features().data()));
        }
    }

    @Test
    void trainingFromAnInitialModelStartsFromItsScoreAndNeverEndsBelowIt() {
        List<LabeledSequence> train = TrainerTest.toy(1, 24), val = TrainerTest.toy(2, 6);
        TrainConfig c = TrainerTest.config();
        c.maxEpochs = 2;
        Trainer trainer = new Trainer(c, LABELS);
        Trainer.Result first = trainer.train(train, val, null);
        QrnnNet init = ModelImport.toNet(ModelExport.toModel(first.net(), null), LABELS);
        Trainer.Result tuned = trainer.train(train, val, init, null);
        Trainer.EpochResult epoch0 = tuned.history().get(0);
        assertEquals(0, epoch0.epoch());
        assertEquals(first.bestMetric(), epoch0.valMetric(), 1e-9, "epoch 0 scores the initial model");
        assertTrue(tuned.bestMetric() >= epoch0.valMetric());
        // the initial net itself is not modified by training
        QrnnNet again = ModelImport.toNet(ModelExport.toModel(first.net(), null), LABELS);
        for (int p = 0; p < init.parameters().length; p++) assertArrayEquals(again.parameters()[p], init.parameters()[p]);
    }

    @Test
    void otherLabelsAreRefusedWithTheirNames() {
        List<LabeledSequence> train = TrainerTest.toy(1, 4), val = TrainerTest.toy(2, 2);
        TrainConfig c = TrainerTest.config();
        c.maxEpochs = 1;
        QrnnModel model = ModelExport.toModel(new Trainer(c, LABELS).train(train, val, null).net(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelImport.toNet(model, List.of("silence", "voice")));
        assertTrue(e.getMessage().contains("[nonspeech, speech]") && e.getMessage().contains("[silence, voice]"),
                e.getMessage());
    }
}
