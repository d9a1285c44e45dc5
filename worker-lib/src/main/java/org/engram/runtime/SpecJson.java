package org.engram.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.engram.spec.TrialSpec;

/**
 * The canonical JSON of a {@link TrialSpec}: keys sorted at every level, no whitespace, enums by
 * label. The same spec gives the same bytes on every machine, so the JSON (with {@link
 * BuildInfo#CODE_VERSION}) identifies a trial.
 */
public final class SpecJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          // A key we do not know means the JSON came from other code: refuse rather than guess.
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .build();

  private SpecJson() {}

  /** The canonical JSON of the spec. */
  public static String write(TrialSpec spec) {
    try {
      return MAPPER.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write spec " + spec + " as JSON", e);
    }
  }

  /** Parses JSON written by {@link #write}; the records' constructors validate the values. */
  public static TrialSpec read(String json) {
    try {
      return MAPPER.readValue(json, TrialSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a trial spec: " + e.getOriginalMessage(), e);
    }
  }
}
