/**
 * NEWS2, the National Early Warning Score 2 of the Royal College of Physicians (2017): the scorer, the latest value of
 * each parameter per patient, every computed score, the {@code news2} band-rise alert, and the news2 APIs.
 */
@NullMarked
package org.vigil.alert.news2;

import org.jspecify.annotations.NullMarked;
