package org.engram.model.samediff;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A PrintStream that forwards whole lines to a target stream and drops those that start with a
 * given prefix. SameDiff M2.1 prints "Added differentiated op ..." once per op when it builds a
 * gradient graph (research/stack.md, gotcha 2); this silences those lines.
 */
final class FilteringPrintStream extends PrintStream {

  FilteringPrintStream(PrintStream target, String droppedPrefix) {
    super(new LineFilter(target, droppedPrefix), true, StandardCharsets.UTF_8);
  }

  private static final class LineFilter extends OutputStream {
    private final PrintStream target;
    private final String prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LineFilter(PrintStream target, String prefix) {
      this.target = target;
      this.prefix = prefix;
    }

    @Override
    public void write(int c) {
      line.write(c);
      if (c == '\n') {
        emit();
      }
    }

    @Override
    public void flush() {
      // A partial line is kept until its newline arrives, so that it can still be filtered.
      target.flush();
    }

    @Override
    public void close() {
      emit();
    }

    private void emit() {
      String s = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (!s.isEmpty() && !s.startsWith(prefix)) {
        target.print(s);
      }
    }
  }
}
