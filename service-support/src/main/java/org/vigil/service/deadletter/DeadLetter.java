package org.vigil.service.deadletter;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What an operator sees of one dead letter: where it came from, who gave up on it, why and when; never its content.
 *
 * @param id {@code <dead-letter topic>:<partition>:<offset>}, what a replay names
 * @param originalTopic the topic the consumer read it from
 * @param originalPartition its partition there, when the dead letter says
 * @param originalOffset its offset there, when the dead letter says
 * @param consumer the consumer group that dead-lettered it
 * @param reason why, as the consumer put it (names the problem, never quotes the content)
 * @param deadLetteredAt when it was dead-lettered (the dead letter's record timestamp)
 * @param sizeBytes the size of its value
 * @param replayed whether an operator replayed it (successfully; a failed replay records nothing)
 * @param replayedAt when, if replayed
 * @param replayedBy who, if replayed
 */
public record DeadLetter(String id, String originalTopic, @Nullable Integer originalPartition,
        @Nullable Long originalOffset, String consumer, String reason, Instant deadLetteredAt, int sizeBytes,
        boolean replayed, @Nullable Instant replayedAt, @Nullable String replayedBy) {
}
