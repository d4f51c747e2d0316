package dev.initlab.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where the form shows an error that validation reports on a path of the spec. */
class FormFieldTest {

    @Test
    void specPathsLandOnTheFieldsTheFormShows() {
        ExperimentForm form = new ExperimentForm();

        assertThat(ExperimentFormController.formField("smallestDifference", form)).isEqualTo("smallestDifferencePoints");
        assertThat(ExperimentFormController.formField("stopping.maxSeeds", form)).isEqualTo("maxSeeds");
        assertThat(ExperimentFormController.formField("stopping.seedsPerStep", form)).isEqualTo("seedsPerStep");
        assertThat(ExperimentFormController.formField("stopping.alpha", form)).isEqualTo("stoppingAlpha");
        assertThat(ExperimentFormController.formField("variants[0].bn2Gamma", form)).isEqualTo("variants[0].bn2Gamma");
        assertThat(ExperimentFormController.formField("seeds", form)).isEqualTo("seedCount");
        form.setSeedList("0, 1");
        assertThat(ExperimentFormController.formField("seeds[1].<list element>", form)).isEqualTo("seedList");
    }
}
