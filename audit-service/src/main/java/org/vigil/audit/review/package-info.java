/**
 * Break-glass review: the break-glass records awaiting review, and the review itself, kept in its own table so that
 * the chained rows are never updated.
 */
@NullMarked
package org.vigil.audit.review;

import org.jspecify.annotations.NullMarked;
