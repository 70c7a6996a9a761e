package org.vigil.audit.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoints on disk, in {@code vigil.audit.checkpoint-dir}: one append-only file per UTC day,
 * {@code checkpoints-2026-11-21.jsonl}, one JSON line per checkpoint,
 * {@code {"seq":42,"hash":"<hex>","at":"2026-11-21T10:00:00.125Z","mac":"<hex>"}}, where
 * {@code mac = HMAC-SHA256(checkpoint key, text("vigil-audit-checkpoint/1") text(seq) text(hash) text(at))} (texts
 * length-prefixed as in {@link CanonicalForm}, the values exactly as written in the line). The directory is outside
 * the database on purpose: whoever can rewrite the audit tables must not be able to touch it.
 */
@Component
class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
    private static final String TAG = "vigil-audit-checkpoint/1";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    /** What was found on disk: the checkpoints that are signed, and the first line that is not, if any. */
    record Loaded(List<Checkpoint> checkpoints, @Nullable String problem) {
    }

    private final ChainKey key;
    private final Path directory;

    Checkpoints(ChainKey key, @Value("${vigil.audit.checkpoint-dir:}") String directory) {
        this.key = key;
        if (directory.isBlank()) {
            throw new IllegalStateException("vigil.audit.checkpoint-dir (VIGIL_AUDIT_CHECKPOINT_DIR) is not set: name"
                    + " a directory outside the database where audit-service writes its signed checkpoints of the"
                    + " chain (audit-service README, \"Checkpoints\")");
        }
        this.directory = Path.of(directory).toAbsolutePath();
        prepare(this.directory);
    }

    private static void prepare(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                    Files.createDirectories(directory,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(directory);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the checkpoint directory vigil.audit.checkpoint-dir ("
                    + directory + ")", e);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalStateException("the checkpoint directory vigil.audit.checkpoint-dir (" + directory
                    + ") is not writable by audit-service");
        }
    }

    Path directory() {
        return directory;
    }

    /** Appends a signed checkpoint to today's file and forces it to disk before returning. */
    synchronized Checkpoint append(long seq, byte[] hash, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        String seqText = Long.toString(seq);
        String hashText = HEX.formatHex(hash);
        String atText = at.toString();
        String mac = HEX.formatHex(key.signCheckpoint(CanonicalForm.texts(TAG, seqText, hashText, atText)));
        String line = "{\"seq\":" + seqText + ",\"hash\":\"" + hashText + "\",\"at\":\"" + atText + "\",\"mac\":\""
                + mac + "\"}\n";
        Path file = directory.resolve("checkpoints-" + DAY.format(at) + ".jsonl");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint to " + file, e);
        }
        return new Checkpoint(seq, hash, at);
    }

    /**
     * Every checkpoint on disk, by seq. A line that is not a checkpoint, or whose signature does not match, is a
     * problem (someone edited the files, or they were written with another key); the last line of a file without its
     * newline is a write cut short by a crash, and is skipped.
     */
    Loaded read() {
        List<Checkpoint> found = new ArrayList<>();
        String problem = null;
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().matches("checkpoints-.*\\.jsonl")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the checkpoint directory " + directory, e);
        }
        for (Path file : files) {
            String content;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoint file " + file, e);
            }
            String[] lines = content.split("\n", -1);
            // The element after the last newline: empty, or a line cut short.
            for (int i = 0; i < lines.length - 1; i++) {
                Checkpoint checkpoint = parse(lines[i]);
                if (checkpoint == null) {
                    if (problem == null) {
                        problem = "checkpoint " + file.getFileName() + " line " + (i + 1)
                                + " is not a checkpoint signed with the chain key: the checkpoints were altered";
                    }
                } else {
                    found.add(checkpoint);
                }
            }
            if (!lines[lines.length - 1].isEmpty()) {
                log.warn("The last line of checkpoint file {} is incomplete (a write cut short); it is ignored",
                        file.getFileName());
            }
        }
        found.sort(Comparator.comparingLong(Checkpoint::seq));
        return new Loaded(List.copyOf(found), problem);
    }

    /** The newest checkpoint by seq, if any is on disk and signed. */
    @Nullable Checkpoint latest() {
        List<Checkpoint> all = read().checkpoints();
        return all.isEmpty() ? null : all.getLast();
    }

    private @Nullable Checkpoint parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode seq = node.get("seq");
            JsonNode hash = node.get("hash");
            JsonNode at = node.get("at");
            JsonNode mac = node.get("mac");
            if (seq == null || !seq.isIntegralNumber() || hash == null || !hash.isString() || at == null
                    || !at.isString() || mac == null || !mac.isString()) {
                return null;
            }
            byte[] expected = key.signCheckpoint(
                    CanonicalForm.texts(TAG, seq.asString(), hash.asString(), at.asString()));
            if (!MessageDigest.isEqual(expected, HEX.parseHex(mac.asString()))) {
                return null;
            }
            return new Checkpoint(seq.asLong(), HEX.parseHex(hash.asString()), Instant.parse(at.asString()));
        } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
