package org.vigil.vitals.record;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/v1/record-transactions}: a FHIR transaction's patients, devices, readings (through the outbox)
 * and Observation documents, written all or nothing.
 */
@RestController
@RequestMapping("/internal/v1/record-transactions")
class RecordTransactionController {

    private final RecordTransactions transactions;

    RecordTransactionController(RecordTransactions transactions) {
        this.transactions = transactions;
    }

    record Request(@Nullable List<RecordTransactions.Entry> entries) {
    }

    record Answer(List<RecordTransactions.Result> entries) {
    }

    @PostMapping
    Answer apply(@RequestBody Request request) {
        return new Answer(transactions.apply(request.entries()));
    }
}
