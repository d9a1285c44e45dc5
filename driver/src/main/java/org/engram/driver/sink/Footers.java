package org.engram.driver.sink;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads Parquet footers with the caller's Hadoop configuration.
 *
 * <p>Why not {@code ParquetFileReader.open(InputFile)}: it builds its read options on a new Hadoop
 * {@code Configuration}, which parses {@code core-default.xml} again for every file. That was 4-5
 * ms per footer on the 2-core VM: 30 s to check the 6,000 files of a 1,500-trial output before
 * {@code sql}, {@code status} or {@code report} could start, and 40% of each warm-up iteration of
 * the executors (a commit and its check).
 */
final class Footers {
  private Footers() {}

  /** The footer of one Parquet file; fails on a truncated or foreign file. */
  static ParquetMetadata read(Path file, Configuration conf) throws IOException {
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            HadoopInputFile.fromPath(file, conf), HadoopReadOptions.builder(conf, file).build())) {
      return reader.getFooter();
    }
  }
}
