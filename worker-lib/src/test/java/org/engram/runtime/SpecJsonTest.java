package org.engram.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.engram.spec.EvalSpec;
import org.engram.spec.NetworkType;
import org.engram.spec.TrialSpec;
import org.junit.jupiter.api.Test;

class SpecJsonTest {

  @Test
  void roundTripGivesTheSameSpecAndTheSameJson() {
    TrialSpec spec =
        new TrialSpec(
            org.engram.spec.NetworkSpec.defaults().withType(NetworkType.FROZEN_SYNAPSES),
            org.engram.spec.TaskSpec.defaults().withSnippets(2),
            org.engram.spec.TrainSpec.defaults().withSteps(7),
            new EvalSpec(List.of(1, 2, 4), 3, 1),
            42);
    String json = SpecJson.write(spec);
    TrialSpec back = SpecJson.read(json);
    assertEquals(spec, back);
    assertEquals(json, SpecJson.write(back));
  }

  @Test
  void keysAreSortedAndEnumsAreLabels() {
    String json = SpecJson.write(TrialSpec.defaults(1));
    assertTrue(json.startsWith("{\"eval\":{\"burnInWindows\":2,\"difficulties\":[1,2,4,8]"), json);
    assertTrue(json.indexOf("\"network\"") < json.indexOf("\"seed\""), json);
    assertTrue(json.contains("\"type\":\"plastic\""), json);
    assertTrue(json.contains("\"dtype\":\"float32\""), json);
    assertFalse(json.contains("effectiveSynapseSize"), json);
    assertFalse(json.contains(" "), json);
  }

  @Test
  void differentSeedsGiveDifferentJson() {
    assertNotEquals(SpecJson.write(TrialSpec.defaults(1)), SpecJson.write(TrialSpec.defaults(2)));
  }

  @Test
  void invalidJsonNamesTheProblem() {
    String json = SpecJson.write(TrialSpec.defaults(1)).replace("\"hidden\":16", "\"hidden\":-1");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SpecJson.read(json));
    assertTrue(e.getMessage().contains("network.hidden must be >= 0"), e.getMessage());
  }

  @Test
  void buildInfoIsFilled() {
    assertEquals("engram-model-v1", BuildInfo.codeVersion());
    assertFalse(BuildInfo.projectVersion().startsWith("${"));
    assertFalse(BuildInfo.gitCommit().isBlank());
  }
}
