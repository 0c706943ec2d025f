package dev.analytics.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * What the dashboard's Operations page shows, read in one go from the DOM, in the shapes the tests compare with
 * {@code GET /admin/replay} and {@code GET /admin/processors}.
 */
final class OperationsPage {

    private final Dashboard dashboard;

    OperationsPage(Dashboard dashboard) {
        this.dashboard = dashboard;
    }

    /** Each read model as [name, state], in the page's order; empty until loaded. */
    @SuppressWarnings("unchecked")
    List<List<String>> readModels() {
        return (List<List<String>>) dashboard.script("""
                return [...document.querySelectorAll('tr[data-read-model]')].map(row =>
                  [row.querySelector('[data-field="name"]').textContent,
                   row.querySelector('[data-field="state"] .badge').textContent]);""");
    }

    /** The history's rows as [id, read models, state, requested by, events (raw)], newest first. */
    @SuppressWarnings("unchecked")
    List<List<String>> history() {
        return (List<List<String>>) dashboard.script("""
                return [...document.querySelectorAll('.rebuilds-table tbody tr')].map(row => {
                  const cell = name => row.querySelector('[data-field="' + name + '"]');
                  return [cell('id').textContent, cell('readModels').textContent, cell('state').textContent,
                          cell('requestedBy').textContent, cell('events').dataset.value];
                });""");
    }

    /** Each processor as [name, kind], in the page's order. */
    @SuppressWarnings("unchecked")
    List<List<String>> processors() {
        return (List<List<String>>) dashboard.script("""
                return [...document.querySelectorAll('tr[data-processor]')].map(row =>
                  [row.querySelector('[data-field="name"]').textContent,
                   row.querySelector('[data-field="kind"]').textContent]);""");
    }

    /** A processor's cell, as shown. */
    String processorCell(String processor, String field) {
        return dashboard.text("tr[data-processor='" + processor + "'] td[data-field='" + field + "']");
    }

    /**
     * From now on, records every rebuild block the page shows as [state, whether it has a progress bar, its figures],
     * however briefly: a rebuild of a few thousand events may last less than a poll.
     */
    void recordRebuildBlocks() {
        dashboard.script("""
                window.__rebuildBlocks = [];
                const record = () => document.querySelectorAll('.rebuild-progress').forEach(block =>
                  window.__rebuildBlocks.push([block.dataset.state, block.querySelector('progress') !== null,
                    block.querySelector('.rebuild-figures').textContent]));
                new MutationObserver(record).observe(document.querySelector('[data-view]'),
                  {childList: true, subtree: true});""");
    }

    @SuppressWarnings("unchecked")
    List<List<Object>> recordedRebuildBlocks() {
        return (List<List<Object>>) dashboard.script("return window.__rebuildBlocks");
    }

    static List<List<String>> readModels(JsonNode replay) {
        List<List<String>> models = new ArrayList<>();
        replay.get("projections").forEach(model -> models.add(List.of(model.get("name").asText(),
                model.get("state").asText())));
        return models;
    }

    static List<List<String>> processors(JsonNode processors) {
        List<List<String>> rows = new ArrayList<>();
        processors.get("processors").forEach(processor -> rows.add(List.of(processor.get("name").asText(),
                processor.get("kind").asText())));
        return rows;
    }

    /** A rebuild of {@code GET /admin/replay} as the history shows it. */
    static List<String> historyRow(JsonNode rebuild) {
        List<String> names = new ArrayList<>();
        rebuild.get("projections").forEach(name -> names.add(name.asText()));
        return List.of(rebuild.get("id").asText(), String.join(", ", names), rebuild.get("state").asText(),
                rebuild.get("requestedBy").asText(), rebuild.get("eventsDone").asText());
    }
}
