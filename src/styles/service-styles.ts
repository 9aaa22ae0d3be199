// The styles of the service cards (ServiceCard.astro) and the service page (ServicePage.astro), written
// inline into the head of the pages that show them (BaseLayout's "head" slot): a component's <style>
// would join the CSS bundle of every front or component page, and a site without services keeps the
// bytes it had. A <style> belongs in the head; one inside a <ul> or the body is not valid HTML.

/** The front page's service cards, full and compact. */
export const SERVICE_CARD_CSS = `
.service-card {
  display: grid;
  grid-template-columns: minmax(0, 1fr) auto;
  gap: var(--space-2) var(--space-6);
  align-items: center;
  padding: var(--space-3) var(--space-4);
  border-top: 1px solid var(--border);
}

.service-card > .daily,
.service-card > .service-facets {
  grid-column: 1 / -1;
}

.service-head {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: var(--space-1) var(--space-3);
}

.service-title {
  margin: 0;
  font-size: 1rem;
}

.service-uptime {
  display: flex;
  gap: var(--space-4);
  margin: 0;
}

.service-uptime-window {
  display: grid;
  justify-items: end;
  min-width: 4.5rem;
}

.service-uptime dt {
  color: var(--fg-muted);
  font-size: 0.75rem;
}

.service-uptime dd {
  margin: 0;
}

.service-facets {
  display: grid;
  grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
  gap: var(--space-2) var(--space-4);
  margin: 0;
  padding: var(--space-2) var(--space-3);
  list-style: none;
  border: 1px solid var(--border);
  border-radius: var(--radius);
  background: var(--bg-subtle);
}

.service-facet {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0 var(--space-2);
  min-width: 0;
  font-size: 0.875rem;
}

.facet-name {
  overflow-wrap: anywhere;
}

.facet-type {
  color: var(--fg-muted);
}

.facet-message {
  flex-basis: 100%;
  overflow: hidden;
  font-size: 0.8125rem;
  text-overflow: ellipsis;
  white-space: nowrap;
}

.service-card-compact {
  font-size: 0.875rem;
}

@media (max-width: 30rem) {
  .service-card {
    grid-template-columns: minmax(0, 1fr);
  }

  .service-uptime {
    justify-content: space-between;
  }
}
`;

/** A service's page: its header, its Parts table (stacked on a phone) and its bar. */
export const SERVICE_PAGE_CSS = `
.service-breadcrumb {
  margin-block: var(--space-4) 0;
}

.service-header {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: var(--space-2) var(--space-4);
}

.service-header h1 {
  margin-block: var(--space-3);
}

.rollup-note {
  max-width: 45rem;
  font-size: 0.875rem;
}

.facets-table {
  width: 100%;
  border-collapse: collapse;
}

.facets-table th,
.facets-table td {
  padding: var(--space-2) var(--space-3);
  border-bottom: 1px solid var(--border);
  text-align: left;
  vertical-align: top;
}

.facets-table thead th {
  color: var(--fg-muted);
  font-size: 0.875rem;
  white-space: nowrap;
}

.facets-table .facet-kind {
  display: block;
  color: var(--fg-muted);
  font-size: 0.8125rem;
  font-weight: 400;
}

.service-daily-heading {
  margin-block: var(--space-4) var(--space-2);
  font-size: 1rem;
}

/* A phone has no room for four columns: each part stacks (name and status, then its last result, then
   its uptime with its own label), and the column headers stay for screen readers only. */
@media (max-width: 30rem) {
  .facets-table,
  .facets-table tbody {
    display: block;
  }

  .facets-table thead {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  .facets-table tbody tr {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: var(--space-1) var(--space-3);
    padding: var(--space-2) 0;
    border-bottom: 1px solid var(--border);
  }

  .facets-table tbody th,
  .facets-table tbody td {
    padding: 0;
    border-bottom: 0;
  }

  .facets-table .facet-last,
  .facets-table .facet-uptime {
    grid-column: 1 / -1;
  }

  .facets-table .facet-last {
    overflow-wrap: anywhere;
  }

  .facets-table .facet-uptime::before {
    /* Said by the column header to a screen reader already: the label is for the eye alone. */
    content: attr(data-label) " " / "";
    color: var(--fg-muted);
    font-size: 0.8125rem;
  }
}
`;
