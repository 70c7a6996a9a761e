package org.vigil.vitals.deadletter;

import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.deadletter.DeadLetterDesk;
import org.vigil.service.deadletter.ReplayHandler;
import org.vigil.service.security.PatientAccess;

/**
 * Operators list the readings this service's consumer dead-lettered and replay them once the cause is fixed
 * (docs/reliability.md, "Dead letters"). Operators only; every call is audited.
 */
@RestController
@RequestMapping("/api/v1/dead-letters/vitals")
class DeadLetterController {

    private final DeadLetterDesk desk;

    DeadLetterController(KafkaProperties kafka, @Value("${spring.kafka.consumer.group-id}") String consumerGroup,
            List<ReplayHandler> handlers, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            PatientAccess access) {
        this.desk = new DeadLetterDesk(kafka.buildConsumerProperties(), consumerGroup, handlers, jdbc, transactions,
                access, Clock.systemUTC());
    }

    /** The newest dead letters (at most 500), newest first: metadata only, never the content. */
    @GetMapping
    DeadLetterDesk.Listing list() {
        return desk.list();
    }

    /** Replays each named dead letter at most once; the result of each says what happened. */
    @PostMapping("/replay")
    ResponseEntity<DeadLetterDesk.ReplayResults> replay(@RequestBody(required = false)
            DeadLetterDesk.@Nullable ReplayRequest request) {
        return desk.replay(request);
    }
}
