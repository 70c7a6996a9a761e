package org.vigil.audit.ledger;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.vigil.common.events.AuditRecorded;

/**
 * What each link of the chain hashes: the one definition of the canonical serialisation, in its two formats.
 *
 * <pre>
 * format 1 (plain, rows written before the chain was keyed):
 *   hash(n) = SHA-256( prev_hash(n) || canonical(n) )
 * format 2 (keyed, every row appended since; {@link ChainKey}):
 *   hash(n) = HMAC-SHA256( chain key, prev_hash(n) || canonical(n) )
 * prev_hash(1) = 32 zero bytes, prev_hash(n) = hash(n-1), whatever the format of either row
 * canonical(n) = the following 19 fields, in this order, each written as
 *                  text:  4-byte big-endian length of its UTF-8 bytes, then the bytes
 *                  null:  the 4 bytes FF FF FF FF (length -1), nothing after
 *                  list:  4-byte big-endian element count, then each element as text
 *   1 format        text  "vigil-audit-chain/1" or "vigil-audit-chain/2", the row's chain_format
 *   2 seq           text  decimal, e.g. "42"
 *   3 eventId       text  lower-case UUID with hyphens
 *   4 recordedAt    text  UTC, exactly 6 fraction digits: "2026-11-21T10:00:00.125000Z"
 *   5 service       text
 *   6 action        text
 *   7 resource      text
 *   8 outcome       text
 *   9 agent         text
 *  10 agentType     text
 *  11 clientId      text or null
 *  12 roles         list  in the order received
 *  13 patientIds    list  in the order received
 *  14 request       text or null
 *  15 sourceAddress text or null
 *  16 correlationId text or null
 *  17 reason        text or null
 *  18 breakGlass    text  "true" or "false"
 *  19 storedAt      text  as recordedAt
 * </pre>
 *
 * Instants are truncated to microseconds (PostgreSQL's precision) before they are stored and hashed, so that a row
 * read back hashes exactly as it did when it was appended. A later format gets a new {@code chain_format} number beside
 * these; rows keep the format they were hashed with.
 */
public final class CanonicalForm {

    /** {@code chain_format} of rows hashed with plain SHA-256 (written before the chain was keyed; still verified). */
    public static final short PLAIN = 1;
    /** {@code chain_format} of rows hashed with HMAC-SHA256 under the chain key: every row appended now. */
    public static final short KEYED = 2;
    private static final String TAG_PREFIX = "vigil-audit-chain/";
    static final int HASH_LENGTH = 32;
    /** The {@code prev_hash} of the first record. */
    static final byte[] GENESIS = new byte[HASH_LENGTH];

    private static final DateTimeFormatter INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private CanonicalForm() {
    }

    /** The instant as it is stored and hashed: truncated to microseconds. */
    public static Instant stored(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The canonical bytes, format 1, of one record at position {@code seq}, stored at {@code storedAt}. */
    static byte[] of(long seq, AuditRecorded record, Instant storedAt) {
        return of(PLAIN, seq, record, storedAt);
    }

    /** The canonical bytes of one record in {@code format} at position {@code seq}, stored at {@code storedAt}. */
    static byte[] of(short format, long seq, AuditRecorded record, Instant storedAt) {
        Writer out = new Writer();
        out.text(TAG_PREFIX + format);
        out.text(Long.toString(seq));
        out.text(record.eventId().toString());
        out.text(INSTANT.format(stored(record.recordedAt())));
        out.text(record.service());
        out.text(record.action());
        out.text(record.resource());
        out.text(record.outcome());
        out.text(record.agent());
        out.text(record.agentType());
        out.text(record.clientId());
        out.list(record.roles());
        out.list(record.patientIds());
        out.text(record.request());
        out.text(record.sourceAddress());
        out.text(record.correlationId());
        out.text(record.reason());
        out.text(Boolean.toString(record.breakGlass()));
        out.text(INSTANT.format(stored(storedAt)));
        return out.bytes.toByteArray();
    }

    /** SHA-256 of {@code prevHash || canonical}. */
    static byte[] hash(byte[] prevHash, byte[] canonical) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        sha256.update(prevHash);
        sha256.update(canonical);
        return sha256.digest();
    }

    /** Each value as a text field (length-prefixed UTF-8, as in the canonical form): what a checkpoint signs. */
    static byte[] texts(String... values) {
        Writer out = new Writer();
        for (String value : values) {
            out.text(value);
        }
        return out.bytes.toByteArray();
    }

    /** The format-1 (plain SHA-256) hash of the record at {@code seq} that follows {@code prevHash}. */
    static byte[] link(byte[] prevHash, long seq, AuditRecorded record, Instant storedAt) {
        return hash(prevHash, of(seq, record, storedAt));
    }

    private static final class Writer {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);

        void text(@Nullable String value) {
            if (value == null) {
                length(-1);
                return;
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            length(utf8.length);
            bytes.writeBytes(utf8);
        }

        void list(List<String> values) {
            length(values.size());
            for (String value : values) {
                text(value);
            }
        }

        private void length(int n) {
            bytes.write(n >>> 24);
            bytes.write(n >>> 16);
            bytes.write(n >>> 8);
            bytes.write(n);
        }
    }
}
