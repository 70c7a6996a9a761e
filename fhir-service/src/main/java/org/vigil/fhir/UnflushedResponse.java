package org.vigil.fhir;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * The FHIR servlet's response, with a writer and stream that hold what HAPI writes until it closes them (or the
 * request ends), in buffers of {@value #BUFFER} characters or bytes; an answer up to that size leaves whole, with a
 * {@code Content-Length}.
 *
 * <p>Why: HAPI's JSON encoder writes every value through a Jackson {@code ObjectMapper}, which flushes after each
 * value. Passed through to the servlet container, each flush became one HTTP chunk (and, behind the gateway, one TLS
 * record): a searchset of 100 Observations went out as about 2,400 chunks of a few dozen bytes, which cost fhir-service
 * and the gateway more than encoding it did. Nothing fhir-service answers is a stream that a client should see before
 * it is complete, so ignoring those flushes changes no response, only how it is cut into packets.
 */
final class UnflushedResponse extends HttpServletResponseWrapper {

    static final int BUFFER = 32 * 1024;

    private @Nullable PrintWriter writer;
    private @Nullable HeldWriter heldWriter;
    private @Nullable HeldStream stream;

    UnflushedResponse(HttpServletResponse response) {
        super(response);
        // The container's own buffer too: an answer that fits it goes out in one piece, with a Content-Length.
        response.setBufferSize(BUFFER);
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            heldWriter = new HeldWriter(super.getWriter());
            writer = new PrintWriter(heldWriter);
        }
        return writer;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new HeldStream(super.getOutputStream());
        }
        return stream;
    }

    /** An explicit flush of the response itself (not of a writer HAPI encodes into) still goes out. */
    @Override
    public void flushBuffer() throws IOException {
        finish();
        super.flushBuffer();
    }

    /** Passes on whatever is still held, without closing: the container completes the response afterwards. */
    void finish() throws IOException {
        if (heldWriter != null) {
            heldWriter.release();
        }
        if (stream != null) {
            stream.release();
        }
    }

    /** Buffered; {@code flush()} does nothing, {@code close()} writes what is held and closes the target. */
    private static final class HeldWriter extends BufferedWriter {

        private boolean closed;

        HeldWriter(Writer target) {
            super(target, BUFFER);
        }

        @Override
        public void flush() {
            // Held until close: see the class comment.
        }

        void release() throws IOException {
            if (!closed) {
                super.flush();
            }
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }
    }

    private static final class HeldStream extends ServletOutputStream {

        private final ServletOutputStream target;
        private final Held held;

        HeldStream(ServletOutputStream target) {
            this.target = target;
            this.held = new Held(target);
        }

        @Override
        public void write(int b) throws IOException {
            held.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            held.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            // Held until close: see the class comment.
        }

        void release() throws IOException {
            held.release();
        }

        @Override
        public void close() throws IOException {
            held.release();
            target.close();
        }

        @Override
        public boolean isReady() {
            return target.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            target.setWriteListener(listener);
        }
    }

    /** A buffered stream whose buffer is written out only by {@link #release}, or when it is full. */
    private static final class Held extends BufferedOutputStream {

        Held(OutputStream target) {
            super(target, BUFFER);
        }

        @Override
        public void flush() {
            // Held until release.
        }

        void release() throws IOException {
            if (count > 0) {
                out.write(buf, 0, count);
                count = 0;
            }
        }
    }
}
