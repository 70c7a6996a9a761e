package org.vigil.alert.deadletter;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.vigil.service.deadletter.DeadLetterDesk;

/**
 * Operators list the readings this service's consumer dead-lettered (a rule failed on them, or they could not be read)
 * and replay them once the cause is fixed (docs/reliability.md, "Dead letters"). Operators only; every call is audited.
 */
@RestController
@RequestMapping("/api/v1/dead-letters/alert")
class DeadLetterController {

    private final DeadLetterDesk desk;

    DeadLetterController(DeadLetterDesk desk) {
        this.desk = desk;
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
