package io.lastlight.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * What {@link TierPolicy} learnt from one capture, stored with the capture in the frontier (the same
 * transaction) and replayed in order on {@code --resume}, so a resumed crawl's scheduler is in exactly the
 * state an uninterrupted one would be in: the counts a profile announced (follower percentile, edge ledger),
 * the edges a list page showed, and what the capture did to the discovery gate.
 *
 * @param profileId the profile's account id, or null (not a profile capture, or it said nothing)
 * @param followers the followers the profile announced (upper end of a rounded count)
 * @param following the accounts it announced following
 * @param listKind {@code followers} or {@code following} for a list page, else null
 * @param listOwner the account whose list the page is
 * @param others the accounts the page showed
 * @param discoveryPage whether the capture was a tier-1 list page (a discovery page for the gate)
 * @param newProfiles profiles the capture revealed that the frontier did not know
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleLesson(String profileId, long followers, long following, String listKind, String listOwner,
                             List<String> others, boolean discoveryPage, int newProfiles) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ScheduleLesson fromJson(String json) {
        try {
            return JSON.readValue(json, ScheduleLesson.class);
        } catch (IOException e) {
            throw new IllegalStateException("the frontier holds an unreadable schedule lesson: " + e.getMessage()
                    + " (was frontier.db written by another program?)", e);
        }
    }
}
