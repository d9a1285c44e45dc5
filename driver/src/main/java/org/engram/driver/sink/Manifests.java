package org.engram.driver.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Writes and reads run manifests ({@code runs/<run_id>.json}), each replaced atomically. */
public final class Manifests {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  private final FileSystem fs;
  private final OutputLayout layout;

  public Manifests(FileSystem fs, OutputLayout layout) {
    this.fs = fs;
    this.layout = layout;
  }

  /** Parses a resolved config rendered as JSON, for {@link RunManifest#config()}. */
  public static com.fasterxml.jackson.databind.JsonNode parseJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Writes (or replaces) a run's manifest. */
  public void write(RunManifest m) throws IOException {
    Path tmp = new Path(layout.staging(), m.runId() + "." + UUID.randomUUID() + ".json");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8));
    }
    OutputLayout.replace(fs, tmp, new Path(layout.runs(), m.runId() + ".json"));
  }

  /** Every manifest, oldest first. */
  public List<RunManifest> readAll() throws IOException {
    List<RunManifest> out = new ArrayList<>();
    if (!fs.exists(layout.runs())) {
      return out;
    }
    for (FileStatus s : fs.listStatus(layout.runs())) {
      if (s.getPath().getName().endsWith(".json")) {
        try (InputStream in = fs.open(s.getPath())) {
          out.add(JSON.readValue(in, RunManifest.class));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
          throw new IOException(
              "unreadable run manifest "
                  + s.getPath()
                  + " ("
                  + e.getOriginalMessage()
                  + "); nothing was changed: move it out of runs/ or restore it",
              e);
        }
      }
    }
    out.sort(Comparator.comparing(RunManifest::startedAt));
    return out;
  }
}
