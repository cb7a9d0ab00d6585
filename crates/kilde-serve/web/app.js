// kilde's web UI: plain JavaScript, no framework, no build step, nothing fetched but
// kilde's own JSON API. Every view has its own URL (History API); the server answers
// every non-API path with index.html, and `route()` reads the path.
//
// Safety: text from the API is only ever inserted as text nodes (see `h`). The one
// exception is search snippets, which the server HTML-escapes with only <mark> tags:
// `marked()` rebuilds them from text nodes and <mark> elements, nothing else.

'use strict';

// ---------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------

const STRINGS = {
  da: {
    skip: 'Gå til indhold',
    nav_main: 'Hovedmenu',
    nav_search: 'Søg', nav_kwic: 'KWIC', nav_timeline: 'Tidslinje', nav_network: 'Netværk', nav_quotes: 'Citater',
    help_button: 'Hjælp', help_title: 'Søgesyntaks', close: 'Luk',
    lang_other: 'English', lang_other_code: 'en',
    footer: 'kilde — søgbart arkiv over danske nyhedsartikler. Fri software (GPL-3.0-or-later).',
    home_title: 'Søg i arkivet',
    home_lead: 'Dansk søgning med bøjninger og sammensatte ord, fraser, boolske forespørgsler, datoer, personer, organisationer, steder og citater.',
    search: 'Søg', query: 'Forespørgsel', query_placeholder: 'fx klima* AND date:2019 eller person:"Mette Frederiksen"',
    from: 'Fra', to: 'Til', date_placeholder: 'ÅÅÅÅ-MM', sort: 'Sortering',
    sort_score: 'Relevans', sort_date: 'Ældste først', sort_ndate: 'Nyeste først',
    syntax_help: 'Søgesyntaks',
    stats_articles: 'Artikler', stats_period: 'Periode', stats_sources: 'Kilder', stats_size: 'Indeks',
    sources: 'Kilder', top_names: 'Mest nævnte',
    results: 'Resultater', n_results: (n) => n === 1 ? '1 resultat' : `${fmtInt(n)} resultater`,
    took: (ms) => `${ms} ms`,
    no_results: 'Ingen artikler passer på forespørgslen.',
    enter_query: 'Skriv en forespørgsel for at søge.',
    similar: (n) => `+${n} lignende`,
    similar_title: 'Lignende artikler (genoptryk og dubletter) er samlet under dette resultat',
    show_similar: 'Vis dem alle', collapse_similar: 'Saml dem igen',
    similar_articles: 'Lignende artikler',
    page_of: (p, n) => `Side ${p} af ${n}`, prev: 'Forrige', next: 'Næste', pages: 'Sider',
    histogram: 'Artikler over tid', histogram_hint: 'Klik på en søjle for at afgrænse til perioden.',
    clear_dates: 'Ryd datofilter', date_filter: 'Datofilter',
    facets: 'Navne i resultaterne', facet_add: 'Tilføj filter', facet_remove: 'Fjern filter',
    PER: 'Personer', ORG: 'Organisationer', LOC: 'Steder', MISC: 'Andet',
    PER1: 'Person', ORG1: 'Organisation', LOC1: 'Sted', MISC1: 'Andet navn',
    loading: 'Henter…', none: 'Intet fundet.',
    error: 'Fejl', error_at: (p) => `ved tegn ${p + 1}`, hint: 'Tip',
    article: 'Artikel', back: 'Tilbage', source: 'Kilde', date: 'Dato', original: 'Original artikel',
    entities: 'Navne', quotes: 'Citater', dates: 'Tidsudtryk', resolved: 'Tolket som',
    show_in_text: 'Vis i teksten', highlight: 'Fremhæv',
    direct: 'direkte', indirect: 'indirekte', said_to: (c) => `til ${c}`, unknown_speaker: 'Ukendt',
    no_quotes: 'Ingen citater fundet.', no_entities: 'Ingen navne fundet.',
    mentions: (n) => n === 1 ? '1 artikel' : `${fmtInt(n)} artikler`,
    timeline: 'Tidslinje', cooccurring: 'Nævnes sammen med', quotes_by: 'Citater fra', quotes_about: 'Citater i artikler om',
    articles: 'Artikler', search_articles: 'Søg i artiklerne', see_kwic: 'KWIC', see_network: 'Netværk',
    all_articles: 'Vis alle artikler', all_quotes: 'Vis alle citater',
    kwic_title: 'Nøgleord i kontekst', kwic_lead: 'Hver forekomst af forespørgslen med tekst på begge sider.',
    kwic_sort_left: 'Venstre kontekst', kwic_sort_right: 'Højre kontekst', kwic_sort_date: 'Dato',
    n_lines: (shown, total) => shown < total ? `${fmtInt(shown)} af ${fmtInt(total)} linjer` : (total === 1 ? '1 linje' : `${fmtInt(total)} linjer`),
    left_context: 'Før', match: 'Ord', right_context: 'Efter',
    network_title: 'Netværk', network_lead: 'Navne, der nævnes i de samme artikler. Træk i en knude, hold musen over for navnet, klik for at åbne siden.',
    network_query_placeholder: 'tom = hele arkivet', min_weight: 'Mindst fælles artikler', node_limit: 'Højst knuder',
    kinds: 'Typer', n_nodes: (n, e, a) => `${fmtInt(n)} navne, ${fmtInt(e)} forbindelser i ${fmtInt(a)} artikler`,
    network_empty: 'Ingen forbindelser at vise.', network_alt: 'Mest forbundne navne',
    timeline_title: 'Sammenlign over tid', timeline_lead: 'Antal artikler pr. måned eller år for flere forespørgsler side om side.',
    add_query: 'Tilføj forespørgsel', remove: 'Fjern', by: 'Opdeling', by_month: 'Måned', by_year: 'År',
    normalize: 'Andel af alle artikler', show: 'Vis', series: 'Serier', show_numbers: 'Vis tallene',
    quotes_title: 'Citater', quotes_lead: 'Direkte og indirekte citater med taler og medie.',
    speaker: 'Taler', channel: 'Medie', n_quotes: (n) => n === 1 ? '1 citat' : `${fmtInt(n)} citater`,
    not_found: 'Siden findes ikke.', home: 'Forside',
    kbd_title: 'Tastatur', kbd_slash: 'Gå til søgefeltet', kbd_enter: 'Søg', kbd_arrows: 'Gå mellem resultater', kbd_esc: 'Luk hjælpen', kbd_help: 'Åbn hjælpen',
    help_intro: 'Ord bøjes og sammensatte ord findes (rapport finder også rapporten og overvågningsrapporter). Æ, ø og å matcher også ae, oe og aa. Ord ved siden af hinanden skal alle forekomme.',
    syn: [
      ['klima', 'Ordet i alle bøjninger og sammensætninger'],
      ['"russiske hackere"', 'Frase: ordene i denne rækkefølge'],
      ['=valget', 'Kun netop denne form'],
      ['klima*', 'Ord der begynder med klima'],
      ['skat AND moms', 'Begge (standard)'],
      ['skat OR moms', 'Mindst et af dem'],
      ['skat NOT moms  /  skat -moms', 'Uden moms'],
      ['(skat OR moms) kommune', 'Parenteser grupperer'],
      ['date:2019-01..2019-06', 'Artikler dateret i perioden (date:2019, date:2019-07, åbne ender: date:2019..)'],
      ['person:"Julian Assange"', 'Artikler der nævner personen'],
      ['org:Vestas  place:Odense  misc:EM', 'Organisation, sted, andet navn'],
      ['speaker:"Mette Frederiksen"', 'Artikler hvor personen citeres'],
      ['channel:DR', 'Citater givet til eller bragt i et medie'],
      ['mentions:2016-06', 'Artikler der omtaler en dato i perioden'],
      ['source:Ritzau  title:klima', 'Kilde og overskrift'],
    ],
  },
  en: {
    skip: 'Skip to content',
    nav_main: 'Main menu',
    nav_search: 'Search', nav_kwic: 'KWIC', nav_timeline: 'Timeline', nav_network: 'Network', nav_quotes: 'Quotes',
    help_button: 'Help', help_title: 'Query syntax', close: 'Close',
    lang_other: 'Dansk', lang_other_code: 'da',
    footer: 'kilde — a searchable archive of Danish news articles. Free software (GPL-3.0-or-later).',
    home_title: 'Search the archive',
    home_lead: 'Danish-aware search with inflections and compounds, phrases, boolean queries, dates, people, organisations, places and quotes.',
    search: 'Search', query: 'Query', query_placeholder: 'e.g. klima* AND date:2019 or person:"Mette Frederiksen"',
    from: 'From', to: 'To', date_placeholder: 'YYYY-MM', sort: 'Order',
    sort_score: 'Relevance', sort_date: 'Oldest first', sort_ndate: 'Newest first',
    syntax_help: 'Query syntax',
    stats_articles: 'Articles', stats_period: 'Period', stats_sources: 'Sources', stats_size: 'Index',
    sources: 'Sources', top_names: 'Most mentioned',
    results: 'Results', n_results: (n) => n === 1 ? '1 result' : `${fmtInt(n)} results`,
    took: (ms) => `${ms} ms`,
    no_results: 'No articles match the query.',
    enter_query: 'Type a query to search.',
    similar: (n) => `+${n} similar`,
    similar_title: 'Similar articles (reprints and duplicates) are collapsed under this hit',
    show_similar: 'Show them all', collapse_similar: 'Collapse them again',
    similar_articles: 'Similar articles',
    page_of: (p, n) => `Page ${p} of ${n}`, prev: 'Previous', next: 'Next', pages: 'Pages',
    histogram: 'Articles over time', histogram_hint: 'Click a bar to narrow to that period.',
    clear_dates: 'Clear date filter', date_filter: 'Date filter',
    facets: 'Names in the results', facet_add: 'Add filter', facet_remove: 'Remove filter',
    PER: 'People', ORG: 'Organisations', LOC: 'Places', MISC: 'Other',
    PER1: 'Person', ORG1: 'Organisation', LOC1: 'Place', MISC1: 'Other name',
    loading: 'Loading…', none: 'Nothing found.',
    error: 'Error', error_at: (p) => `at character ${p + 1}`, hint: 'Hint',
    article: 'Article', back: 'Back', source: 'Source', date: 'Date', original: 'Original article',
    entities: 'Names', quotes: 'Quotes', dates: 'Time expressions', resolved: 'Read as',
    show_in_text: 'Show in text', highlight: 'Highlight',
    direct: 'direct', indirect: 'indirect', said_to: (c) => `to ${c}`, unknown_speaker: 'Unknown',
    no_quotes: 'No quotes found.', no_entities: 'No names found.',
    mentions: (n) => n === 1 ? '1 article' : `${fmtInt(n)} articles`,
    timeline: 'Timeline', cooccurring: 'Mentioned with', quotes_by: 'Quotes by', quotes_about: 'Quotes in articles about',
    articles: 'Articles', search_articles: 'Search the articles', see_kwic: 'KWIC', see_network: 'Network',
    all_articles: 'Show all articles', all_quotes: 'Show all quotes',
    kwic_title: 'Keyword in context', kwic_lead: 'Every occurrence of the query with text on both sides.',
    kwic_sort_left: 'Left context', kwic_sort_right: 'Right context', kwic_sort_date: 'Date',
    n_lines: (shown, total) => shown < total ? `${fmtInt(shown)} of ${fmtInt(total)} lines` : (total === 1 ? '1 line' : `${fmtInt(total)} lines`),
    left_context: 'Before', match: 'Word', right_context: 'After',
    network_title: 'Network', network_lead: 'Names mentioned in the same articles. Drag a node, hover for its name, click to open its page.',
    network_query_placeholder: 'empty = the whole archive', min_weight: 'Least shared articles', node_limit: 'Most nodes',
    kinds: 'Kinds', n_nodes: (n, e, a) => `${fmtInt(n)} names, ${fmtInt(e)} links in ${fmtInt(a)} articles`,
    network_empty: 'No links to show.', network_alt: 'Best connected names',
    timeline_title: 'Compare over time', timeline_lead: 'Articles per month or year for several queries side by side.',
    add_query: 'Add query', remove: 'Remove', by: 'Buckets', by_month: 'Month', by_year: 'Year',
    normalize: 'Share of all articles', show: 'Show', series: 'Series', show_numbers: 'Show the numbers',
    quotes_title: 'Quotes', quotes_lead: 'Direct and reported speech with speaker and medium.',
    speaker: 'Speaker', channel: 'Medium', n_quotes: (n) => n === 1 ? '1 quote' : `${fmtInt(n)} quotes`,
    not_found: 'No such page.', home: 'Home',
    kbd_title: 'Keyboard', kbd_slash: 'Go to the search box', kbd_enter: 'Search', kbd_arrows: 'Move between results', kbd_esc: 'Close help', kbd_help: 'Open help',
    help_intro: 'Words are matched in all their Danish forms and inside compounds (rapport also finds rapporten and overvågningsrapporter). Æ, ø and å also match ae, oe and aa. Words side by side must all occur.',
    syn: [
      ['klima', 'The word in every form and compound'],
      ['"russiske hackere"', 'Phrase: the words in this order'],
      ['=valget', 'Only this written form'],
      ['klima*', 'Words starting with klima'],
      ['skat AND moms', 'Both (the default)'],
      ['skat OR moms', 'At least one'],
      ['skat NOT moms  /  skat -moms', 'Without moms'],
      ['(skat OR moms) kommune', 'Parentheses group'],
      ['date:2019-01..2019-06', 'Articles dated in the period (date:2019, date:2019-07, open ends: date:2019..)'],
      ['person:"Julian Assange"', 'Articles that name the person'],
      ['org:Vestas  place:Odense  misc:EM', 'Organisation, place, other name'],
      ['speaker:"Mette Frederiksen"', 'Articles quoting the person'],
      ['channel:DR', 'Quotes given to or published in a medium'],
      ['mentions:2016-06', 'Articles that mention a date in the period'],
      ['source:Ritzau  title:klima', 'Source and headline'],
    ],
  },
};

const LABELS = ['PER', 'ORG', 'LOC', 'MISC'];
const FIELD = { PER: 'person', ORG: 'org', LOC: 'place', MISC: 'misc' };
const MONTHS = {
  da: ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};
const PAGE = 20;
const SERIES_COLORS = ['#1d5fa8', '#c2410c', '#15803d', '#7e22ce', '#b91c1c', '#0e7490', '#a16207', '#be185d'];

let lang = (() => {
  try { const saved = localStorage.getItem('kilde.lang'); if (saved === 'da' || saved === 'en') return saved; } catch { /* private mode */ }
  return 'da';
})();

function t(key, ...args) {
  const value = STRINGS[lang][key] ?? STRINGS.da[key] ?? key;
  return typeof value === 'function' ? value(...args) : value;
}

function fmtInt(n) { return Number(n).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB'); }

function fmtBytes(n) {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i += 1; }
  return `${n.toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: i ? 1 : 0 })} ${units[i]}`;
}

/** "2019-06-27" → "27. jun 2019"; "2019-06" → "jun 2019"; anything else as it is. */
function fmtDate(value) {
  if (!value) return '';
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = MONTHS[lang][Number(mo) - 1] ?? mo;
  if (!d) return `${month} ${y}`;
  return lang === 'da' ? `${Number(d)}. ${month} ${y}` : `${Number(d)} ${month} ${y}`;
}

// ---------------------------------------------------------------------------------
// DOM helpers
// ---------------------------------------------------------------------------------

/** h('a', {href, class}, 'text', child…): text children become text nodes, never HTML. */
function h(tag, attrs, ...children) {
  const el = tag.startsWith('svg:')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function svg(tag, attrs, ...children) { return h(`svg:${tag}`, attrs, ...children); }

function append(el, children) {
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

function clear(el, ...children) { el.replaceChildren(); return append(el, children); }

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", nbsp: '\u00a0' };

function unescapeHtml(text) {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (all, name) => {
    const key = name.toLowerCase();
    if (key in ENTITIES) return ENTITIES[key];
    if (key.startsWith('#x')) return String.fromCodePoint(parseInt(key.slice(2), 16));
    if (key.startsWith('#')) return String.fromCodePoint(parseInt(key.slice(1), 10));
    return all;
  });
}

/** A server snippet (HTML-escaped text with <mark> tags) as DOM nodes: only text and <mark>. */
function marked(snippet) {
  const out = [];
  let inMark = false;
  for (const part of String(snippet).split(/(<\/?mark>)/i)) {
    if (/^<mark>$/i.test(part)) { inMark = true; continue; }
    if (/^<\/mark>$/i.test(part)) { inMark = false; continue; }
    if (!part) continue;
    const text = unescapeHtml(part);
    out.push(inMark ? h('mark', null, text) : document.createTextNode(text));
  }
  return out;
}

// ---------------------------------------------------------------------------------
// URLs and queries
// ---------------------------------------------------------------------------------

function url(path, params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null && v !== '' && v !== false) search.append(key, v === true ? '1' : String(v));
    }
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

const articleUrl = (id) => `/article/${encodeURIComponent(id)}`;
const entityUrl = (label, name) => `/entity/${encodeURIComponent(label)}/${encodeURIComponent(name)}`;

/** `person:"Name"`: the field query for an entity (quotes in names are dropped). */
function entityQuery(label, name) {
  return `${FIELD[label] || 'misc'}:"${String(name).replace(/"/g, '')}"`;
}

/** Adds a clause to a query, grouping an OR query so the clause applies to all of it. */
function addClause(query, clause) {
  const q = query.trim();
  if (!q) return clause;
  return /\bOR\b/.test(q) ? `(${q}) ${clause}` : `${q} ${clause}`;
}

function hasClause(query, clause) {
  return ` ${query} `.includes(` ${clause} `) || query.includes(`${clause})`) || query.trim() === clause;
}

function removeClause(query, clause) {
  return ` ${query} `.replace(` ${clause} `, ' ').trim().replace(/\s{2,}/g, ' ');
}

/** The query with the date filter folded in, for endpoints that take no from/to. */
function withDates(query, from, to) {
  if (!from && !to) return query;
  const range = `date:${from || ''}..${to || ''}`;
  return query ? `(${query}) ${range}` : range;
}

// ---------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, body) {
    const detail = (body && body.error) || {};
    super(detail.message || `HTTP ${status}`);
    this.status = status;
    this.code = detail.code || 'http';
    this.position = Number.isInteger(detail.position) ? detail.position : null;
    this.hint = detail.hint || null;
  }
}

let controller = new AbortController();

async function api(path, params) {
  const response = await fetch(url(`/api/${path}`, params), {
    signal: controller.signal,
    headers: { Accept: 'application/json' },
  });
  let body = null;
  try { body = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** `panel(…, QUIET)`: a side panel that hides itself on error instead of repeating it. */
const QUIET = Symbol('quiet');

/** Fills `el` from one request: a loading line first, then `render(data)` or the error. */
async function panel(el, request, render, query) {
  const gen = generation;
  clear(el, h('p', { class: 'loading', role: 'status' }, t('loading')));
  el.setAttribute('aria-busy', 'true');
  try {
    const data = await request;
    if (gen !== generation) return null;
    clear(el, render(data));
    return data;
  } catch (error) {
    if (error.name === 'AbortError' || gen !== generation) return null;
    if (!(error instanceof ApiError)) console.error(error);
    if (query === QUIET) {
      // A side panel: the main panel shows the error; hide this one's card.
      clear(el);
      const card = el.closest('.card');
      if (card) card.hidden = true;
    } else clear(el, errorBox(error, query));
    return null;
  } finally {
    if (gen === generation) el.removeAttribute('aria-busy');
  }
}

/** An API error: the message, the query with a caret under the position, the hint. */
function errorBox(error, query) {
  const box = h('div', { class: 'error', role: 'alert' },
    h('p', { class: 'error-msg' }, h('strong', null, `${t('error')}: `), error.message,
      error.position !== null && error.position !== undefined ? ` (${t('error_at', error.position)})` : ''));
  if (error.position !== null && error.position !== undefined && query) {
    const chars = Array.from(query);
    const pos = Math.min(error.position, chars.length);
    box.append(h('pre', { class: 'caret', 'aria-hidden': 'true' },
      h('span', { class: 'caret-query' }, query), '\n',
      h('span', { class: 'caret-mark' }, `${' '.repeat(pos)}^`)));
  }
  if (error.hint) box.append(h('p', { class: 'error-hint' }, h('strong', null, `${t('hint')}: `), error.hint));
  return box;
}

// ---------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------

const main = document.getElementById('main');
let generation = 0;
let pendingScroll = null;

function navigate(to, { replace = false, focusPage = false } = {}) {
  const current = location.pathname + location.search;
  if (!replace && to !== current) {
    history.replaceState({ ...history.state, scroll: window.scrollY }, '');
    history.pushState({ inApp: true }, '', to);
  } else if (replace) history.replaceState({ ...history.state }, '', to);
  window.scrollTo(0, 0);
  route();
  // After following a link, move focus to the new page (keyboard and screen readers).
  if (focusPage) (main.querySelector('h1') || main).focus({ preventScroll: true });
}

function splitPath(path) {
  return path.split('/').slice(1).map((part) => {
    try { return decodeURIComponent(part); } catch { return part; }
  });
}

function route() {
  controller.abort();
  controller = new AbortController();
  generation += 1;
  hideTooltip();
  const focusedId = document.activeElement && main.contains(document.activeElement) ? document.activeElement.id : null;
  const params = new URLSearchParams(location.search);
  const parts = splitPath(location.pathname);
  const [first] = parts;
  let view = 'home';
  const nodes = [];
  if (!first) nodes.push(homeView());
  else if (first === 'search') { view = 'search'; nodes.push(searchView(params)); }
  else if (first === 'article' && parts.length > 1) {
    view = 'article';
    // An id may contain '/': everything after /article/ is the id.
    const raw = location.pathname.slice('/article/'.length);
    let id = raw;
    try { id = decodeURIComponent(raw); } catch { /* as is */ }
    nodes.push(articleView(id));
  } else if (first === 'entity' && parts.length > 2) {
    view = 'entity';
    nodes.push(entityView(parts[1].toUpperCase(), parts.slice(2).join('/')));
  } else if (first === 'kwic') { view = 'kwic'; nodes.push(kwicView(params)); }
  else if (first === 'network') { view = 'network'; nodes.push(networkView(params)); }
  else if (first === 'timeline') { view = 'timeline'; nodes.push(timelineView(params)); }
  else if (first === 'quotes') { view = 'quotes'; nodes.push(quotesView(params)); }
  else { view = 'missing'; nodes.push(missingView()); }
  clear(main, nodes);
  main.dataset.view = view;
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (focusedId) {
    const again = document.getElementById(focusedId);
    if (again) again.focus();
  }
  const state = history.state;
  pendingScroll = state && typeof state.scroll === 'number' ? state.scroll : null;
}

function restoreScroll() {
  if (pendingScroll !== null) { window.scrollTo(0, pendingScroll); pendingScroll = null; }
}

function setTitle(...parts) {
  document.title = [...parts.filter(Boolean), 'kilde'].join(' – ');
}

// Links with data-link (or any same-origin link in main) go through the router.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const href = link.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
  event.preventDefault();
  navigate(href, { focusPage: !main.contains(link) || !link.closest('.facets, .pager, .chips, .similar-toggle') });
});

window.addEventListener('popstate', () => route());

// ---------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------

function pageHead(title, lead, ...extra) {
  return h('div', { class: 'page-head' },
    h('h1', { tabindex: '-1' }, title),
    lead ? h('p', { class: 'lead' }, lead) : null,
    extra);
}

function queryInput(id, value, { autofocus = false, required = false, placeholder } = {}) {
  return h('div', { class: 'field field-q' },
    h('label', { for: id }, t('query')),
    h('div', { class: 'q-row' },
      h('input', {
        id, name: 'q', type: 'search', value: value || '', autocomplete: 'off', spellcheck: 'false',
        placeholder: placeholder || t('query_placeholder'), 'data-search': true, required, autofocus,
        'aria-describedby': `${id}-help`,
      }),
      h('button', { type: 'submit', class: 'primary' }, t('search'))),
    h('p', { class: 'field-help', id: `${id}-help` },
      h('button', { type: 'button', class: 'linklike', onclick: openHelp }, t('syntax_help')),
      h('span', { class: 'kbd-hint' }, ' · ', h('kbd', null, '/'), ` ${t('kbd_slash').toLowerCase()}`)));
}

function searchForm(params) {
  const form = h('form', { class: 'search-form', role: 'search', action: '/search' },
    queryInput('q', params.get('q')),
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'from' }, t('from')),
        h('input', { id: 'from', name: 'from', value: params.get('from') || '', placeholder: t('date_placeholder'), inputmode: 'numeric', size: 10, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' })),
      h('div', { class: 'field' }, h('label', { for: 'to' }, t('to')),
        h('input', { id: 'to', name: 'to', value: params.get('to') || '', placeholder: t('date_placeholder'), inputmode: 'numeric', size: 10, pattern: '\\d{4}(-\\d{2}(-\\d{2})?)?' })),
      h('div', { class: 'field' }, h('label', { for: 'sort' }, t('sort')),
        h('select', { id: 'sort', name: 'sort' },
          [['score', 'sort_score'], ['-date', 'sort_ndate'], ['date', 'sort_date']].map(([value, key]) =>
            h('option', { value, selected: (params.get('sort') || 'score') === value }, t(key)))))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(url('/search', {
      q: data.get('q').trim(), from: data.get('from').trim(), to: data.get('to').trim(),
      sort: data.get('sort') === 'score' ? '' : data.get('sort'),
      expand: params.get('expand') ? '1' : '',
    }));
  });
  return form;
}

function labelBadge(label) {
  return h('span', { class: `badge lab-${label}` }, t(`${label}1`));
}

/** A bar chart of counts per bucket (month or year), inline SVG. */
function barChart(buckets, counts, { selected, onPick, title, width = 300, height = 120 } = {}) {
  const n = buckets.length;
  if (!n) return h('p', { class: 'muted' }, t('none'));
  const pad = { l: 26, r: 4, t: 8, b: 20 };
  const max = Math.max(1, ...counts);
  const bw = (width - pad.l - pad.r) / n;
  const chart = svg('svg', {
    class: 'chart bars', viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': title || t('histogram'),
  });
  const plotH = height - pad.t - pad.b;
  // Whole-number gridlines: the top and, when it is a whole number, the middle.
  const ticks = max >= 4 ? [Math.round(max / 2), max] : [max];
  for (const value of ticks) {
    const y = pad.t + plotH * (1 - value / max);
    chart.append(svg('line', { class: 'grid', x1: pad.l, x2: width - pad.r, y1: y, y2: y }),
      svg('text', { class: 'axis', x: pad.l - 5, y: y + 4, 'text-anchor': 'end' }, fmtInt(value)));
  }
  chart.append(svg('line', { class: 'base', x1: pad.l, x2: width - pad.r, y1: pad.t + plotH, y2: pad.t + plotH }));
  let lastYear = null;
  buckets.forEach((bucket, i) => {
    const count = counts[i] || 0;
    const bh = (count / max) * plotH;
    const x = pad.l + i * bw;
    const year = bucket.slice(0, 4);
    if (year !== lastYear) {
      if (bucket.length === 4 ? (n <= 12 || i % Math.ceil(n / 12) === 0) : true) {
        chart.append(svg('text', { class: 'axis', x: x + (bucket.length === 4 ? bw / 2 : 1), y: height - 6, 'text-anchor': bucket.length === 4 ? 'middle' : 'start' }, year));
        if (i > 0 && bucket.length > 4) chart.append(svg('line', { class: 'tick', x1: x, x2: x, y1: pad.t + plotH, y2: pad.t + plotH + 4 }));
      }
      lastYear = year;
    }
    const inSel = selected && selected(bucket);
    const label = `${fmtDate(bucket)}: ${t('mentions', count)}`;
    const bar = svg('rect', {
      class: `bar${inSel ? ' sel' : ''}${count ? '' : ' zero'}`,
      x: x + Math.min(1, bw * 0.15), width: Math.max(1, bw - Math.min(2, bw * 0.3)),
      y: pad.t + plotH - Math.max(count ? 1.5 : 0, bh), height: Math.max(count ? 1.5 : 0, bh),
    }, svg('title', null, label));
    if (onPick && count) {
      // A wide invisible hit area per bucket, focusable for keyboard users.
      const hit = svg('rect', {
        class: 'hit-area', x, width: bw, y: pad.t, height: plotH, tabindex: '0', role: 'button', 'aria-label': label,
        onclick: () => onPick(bucket),
        onkeydown: (event) => { if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); onPick(bucket); } },
      }, svg('title', null, label));
      chart.append(bar, hit);
    } else chart.append(bar);
  });
  return chart;
}

/** A chart's drawing width: its panel's width in CSS pixels, so text keeps its size. */
function chartWidth(el, fallback) {
  const style = getComputedStyle(el);
  const width = Math.round(el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight));
  return width >= 200 ? width : fallback;
}

/** Months → years when there are too many bars for the width. */
function rebucket(buckets, counts, maxBars = 72) {
  if (buckets.length <= maxBars || !buckets.length || buckets[0].length < 7) return { buckets, counts };
  const out = new Map();
  buckets.forEach((bucket, i) => out.set(bucket.slice(0, 4), (out.get(bucket.slice(0, 4)) || 0) + (counts[i] || 0)));
  return { buckets: [...out.keys()], counts: [...out.values()] };
}

/** The date range one bucket covers, as from/to parameters. */
function bucketRange(bucket) { return { from: bucket, to: bucket }; }

function quoteItem(quote, { showArticle = true, onShow } = {}) {
  // Articles give the speaker's kind, so the name opens its page; /api/quotes gives
  // none, so there the name lists the speaker's quotes.
  const speaker = quote.speaker
    ? h('a', {
      class: 'speaker',
      href: quote.speaker_type === 'PER' || quote.speaker_type === 'ORG'
        ? entityUrl(quote.speaker_type, quote.speaker) : url('/quotes', { speaker: quote.speaker }),
    }, quote.speaker)
    : h('span', { class: 'speaker unknown' }, t('unknown_speaker'));
  return h('li', { class: `quote kind-${quote.kind}` },
    h('blockquote', { class: 'quote-text' }, quote.kind === 'direct' ? `“${quote.content}”` : quote.content),
    h('p', { class: 'quote-meta' },
      speaker,
      quote.cue ? h('span', { class: 'cue' }, ` ${quote.cue}`) : null,
      quote.channel ? h('span', { class: 'channel' }, ` · ${t('said_to', quote.channel)}`) : null,
      h('span', { class: `kind badge-plain` }, t(quote.kind)),
      showArticle && quote.id ? h('a', { class: 'quote-src', href: articleUrl(quote.id) }, quote.date ? fmtDate(quote.date) : quote.id) : null,
      onShow ? h('button', { type: 'button', class: 'linklike', onclick: onShow }, t('show_in_text')) : null));
}

function pager(page, total, make) {
  const pages = Math.max(1, Math.ceil(total / PAGE));
  if (pages <= 1) return null;
  const items = [];
  const add = (p, text, rel) => items.push(h('li', null, p === page
    ? h('span', { class: 'page cur', 'aria-current': 'page' }, text)
    : h('a', { class: 'page', href: make(p), rel }, text)));
  if (page > 1) add(page - 1, `‹ ${t('prev')}`, 'prev');
  const window_ = new Set([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((p) => p >= 1 && p <= pages));
  let last = 0;
  for (const p of [...window_].sort((a, b) => a - b)) {
    if (p - last > 1) items.push(h('li', { class: 'gap', 'aria-hidden': 'true' }, '…'));
    add(p, String(p));
    last = p;
  }
  if (page < pages) add(page + 1, `${t('next')} ›`, 'next');
  return h('nav', { class: 'pager', 'aria-label': t('pages') }, h('ul', null, items),
    h('span', { class: 'muted' }, t('page_of', page, pages)));
}

// ---------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------

function homeView() {
  setTitle();
  const stats = h('section', { class: 'stats', 'aria-label': t('stats_articles') });
  const sources = h('div');
  const names = h('div', { class: 'name-cols' });
  api('stats').then((data) => {
    clear(stats,
      statCard(t('stats_articles'), fmtInt(data.articles)),
      statCard(t('stats_period'), data.date_span ? `${fmtDate(data.date_span.from.slice(0, 7))} – ${fmtDate(data.date_span.to.slice(0, 7))}` : '–'),
      statCard(t('stats_sources'), fmtInt(data.sources.length)),
      statCard(t('stats_size'), fmtBytes(data.index_bytes)));
    const top = [...data.sources].sort((a, b) => b.articles - a.articles);
    const max = Math.max(1, ...top.map((s) => s.articles));
    clear(sources, h('ul', { class: 'meter-list' }, top.slice(0, 12).map((s) =>
      h('li', null,
        h('a', { href: url('/search', { q: `source:"${s.source.replace(/"/g, '')}"` }) }, s.source),
        h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { style: `width:${(100 * s.articles / max).toFixed(1)}%` })),
        h('span', { class: 'num' }, fmtInt(s.articles))))));
  }).catch((error) => { if (error.name !== 'AbortError') clear(stats, errorBox(error)); });
  panel(names, api('entities', { limit: 60 }), (data) => LABELS.filter((l) => l !== 'MISC').map((label) => {
    const list = data.entities.filter((e) => e.label === label).slice(0, 8);
    return h('div', { class: 'name-col' }, h('h3', null, t(label)),
      list.length ? h('ul', { class: 'plain-list' }, list.map((e) => h('li', null,
        h('a', { href: entityUrl(e.label, e.name), class: `ent-link lab-${e.label}` }, e.name),
        h('span', { class: 'num' }, fmtInt(e.articles))))) : h('p', { class: 'muted' }, t('none')));
  }));
  return h('div', { class: 'home' },
    h('section', { class: 'hero' },
      h('h1', { tabindex: '-1' }, t('home_title')),
      h('p', { class: 'lead' }, t('home_lead')),
      searchForm(new URLSearchParams())),
    stats,
    h('div', { class: 'home-grid' },
      h('section', { class: 'card' }, h('h2', null, t('top_names')), names),
      h('section', { class: 'card' }, h('h2', null, t('sources')), sources)));
}

function statCard(label, value) {
  return h('div', { class: 'stat' }, h('div', { class: 'stat-value' }, value), h('div', { class: 'stat-label' }, label));
}

function searchView(params) {
  const q = (params.get('q') || '').trim();
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const sort = params.get('sort') || '';
  const expand = params.get('expand') === '1' || params.get('expand') === 'true';
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  setTitle(q ? `${t('search')}: ${q}` : t('search'));
  const here = (changes) => url('/search', { q, from, to, sort, expand: expand ? '1' : '', page: '', ...changes });

  const form = searchForm(params);
  if (!q) {
    return h('div', { class: 'search-page' }, pageHead(t('nav_search')), form,
      h('p', { class: 'muted empty' }, t('enter_query')));
  }
  const results = h('section', { class: 'results', 'aria-labelledby': 'results-h' });
  const hist = h('div', { class: 'hist' });
  const facets = h('div', { class: 'facets' });
  const resultsHead = h('div', { class: 'results-head' }, h('h2', { id: 'results-h', tabindex: '-1' }, t('results')));
  const count = h('p', { class: 'count', id: 'hit-count', 'aria-live': 'polite' });
  const dateChip = (from || to) ? h('p', { class: 'chips' },
    h('span', { class: 'chip' }, `${t('date_filter')}: ${from ? fmtDate(from) : '…'} – ${to ? fmtDate(to) : '…'}`,
      h('a', { href: here({ from: '', to: '' }), class: 'chip-x', 'aria-label': t('clear_dates'), title: t('clear_dates') }, '×'))) : null;

  panel(results, api('search', { q, from, to, sort, limit: PAGE, offset: (page - 1) * PAGE, expand: expand ? 'true' : '' }), (data) => {
    count.dataset.total = String(data.total);
    clear(count, t('n_results', data.total), h('span', { class: 'muted' }, ` · ${t('took', data.took_ms)}`));
    restoreScroll();
    if (!data.hits.length) return h('p', { class: 'empty' }, t('no_results'));
    const anySimilar = data.hits.some((hit) => hit.similar > 0);
    const toggle = (anySimilar || expand) ? h('p', { class: 'similar-toggle' },
      h('span', { class: 'muted' }, `${t('similar_articles')}: `),
      h('a', { href: here({ expand: expand ? '' : '1' }), class: 'button', 'aria-pressed': expand ? 'true' : 'false' },
        expand ? t('collapse_similar') : t('show_similar'))) : null;
    return [toggle,
      h('ol', { class: 'hits', start: (page - 1) * PAGE + 1, 'data-nav-list': true }, data.hits.map((hit) =>
        h('li', { class: 'hit' },
          h('h3', { class: 'hit-title' }, h('a', { href: articleUrl(hit.id), 'data-nav-item': true }, hit.title || hit.id)),
          h('p', { class: 'hit-meta' },
            hit.date ? h('time', { datetime: hit.date }, fmtDate(hit.date)) : null,
            hit.source ? h('span', { class: 'src' }, hit.source) : null,
            h('span', { class: 'id' }, hit.id),
            hit.similar > 0 ? h('a', { class: 'similar', href: here({ expand: '1' }), title: t('similar_title') }, t('similar', hit.similar)) : null),
          h('p', { class: 'snippet' }, marked(hit.snippet))))),
      pager(page, data.total, (p) => here({ page: p > 1 ? p : '' }))];
  }, q);

  panel(hist, api('timeline', { q, by: 'month' }), (data) => {
    const series = data.series[0] || { counts: [] };
    const { buckets, counts } = rebucket(data.buckets, series.counts.map(Number));
    const inRange = (bucket) => (from || to) && (!from || bucket >= from.slice(0, bucket.length)) && (!to || bucket <= to.slice(0, bucket.length));
    return [barChart(buckets, counts, {
      width: chartWidth(hist, 300), selected: inRange,
      onPick: (bucket) => navigate(here({ ...bucketRange(bucket) })),
    }), h('p', { class: 'muted small' }, t('histogram_hint'))];
  }, QUIET);

  const facetQuery = withDates(q, from, to);
  panel(facets, api('entities', { q: facetQuery, limit: 40 }), (data) => {
    if (!data.entities.length) return h('p', { class: 'muted' }, t('no_entities'));
    return LABELS.map((label) => {
      const list = data.entities.filter((e) => e.label === label).slice(0, 8);
      if (!list.length) return null;
      return h('div', { class: 'facet-group' }, h('h3', null, t(label)),
        h('ul', { class: 'facet-list' }, list.map((e) => {
          const clause = entityQuery(e.label, e.name);
          const active = hasClause(q, clause);
          const next = active ? removeClause(q, clause) : addClause(q, clause);
          return h('li', null,
            h('a', {
              class: `facet lab-${e.label}${active ? ' active' : ''}`, href: here({ q: next || clause }),
              'aria-pressed': active ? 'true' : 'false', title: active ? t('facet_remove') : t('facet_add'),
              dataset: { clause },
            }, h('span', { class: 'facet-name' }, e.name), h('span', { class: 'num' }, fmtInt(e.articles))),
            h('a', { class: 'facet-go', href: entityUrl(e.label, e.name), 'aria-label': `${e.name}: ${t(`${e.label}1`)}`, title: t(`${e.label}1`) }, '→'));
        })));
    });
  }, QUIET);

  return h('div', { class: 'search-page' },
    h('h1', { class: 'visually-hidden', tabindex: '-1' }, `${t('search')}: ${q}`),
    form,
    h('div', { class: 'with-side' },
      h('div', { class: 'col-main' }, resultsHead, count, dateChip, results),
      h('aside', { class: 'col-side' },
        h('section', { class: 'card' }, h('h2', null, t('histogram')), hist),
        h('section', { class: 'card' }, h('h2', null, t('facets')), facets))));
}

function articleView(id) {
  setTitle(t('article'));
  const body = h('div', { class: 'article-wrap' }, h('p', { class: 'loading' }, t('loading')));
  panel(body, api(`articles/${encodeURIComponent(id)}`), (a) => {
    setTitle(a.title || a.id);
    restoreScroll();
    return renderArticle(a);
  });
  return h('div', { class: 'article-page' }, body);
}

function renderArticle(a) {
  const chars = Array.from(a.text || '');
  const entities = (a.entities || []).slice().sort((x, y) => x.start - y.start || y.end - x.end);
  const timex = (a.timex || []).slice().sort((x, y) => x.start - y.start);
  const quotes = (a.quotes || []).slice().sort((x, y) => x.start - y.start);

  // Inline spans: entities first, dates where they do not overlap one.
  const spans = [];
  let end = -1;
  const both = [...entities.map((e) => ({ kind: 'ent', s: e })), ...timex.map((x) => ({ kind: 'time', s: x }))]
    .sort((x, y) => x.s.start - y.s.start || (x.kind === 'ent' ? -1 : 1));
  for (const span of both) {
    if (span.s.start < end || span.s.start >= span.s.end || span.s.end > chars.length) continue;
    spans.push(span);
    end = span.s.end;
  }

  // Text between a and b, split where quotes begin and end.
  const withQuotes = (a0, b0) => {
    const cuts = new Set([a0, b0]);
    for (const q of quotes) { if (q.start > a0 && q.start < b0) cuts.add(q.start); if (q.end > a0 && q.end < b0) cuts.add(q.end); }
    const points = [...cuts].sort((x, y) => x - y);
    const out = [];
    for (let i = 0; i + 1 < points.length; i += 1) {
      const [s, e] = [points[i], points[i + 1]];
      const text = chars.slice(s, e).join('');
      const qi = quotes.findIndex((q) => q.start <= s && e <= q.end);
      out.push(qi >= 0 ? h('span', { class: 'qspan', dataset: { q: String(qi) } }, text) : text);
    }
    return out;
  };

  const textEl = h('div', { class: 'article-text', id: 'article-text' });
  let pos = 0;
  for (const { kind, s } of spans) {
    if (s.start > pos) append(textEl, withQuotes(pos, s.start));
    if (kind === 'ent') {
      append(textEl, h('a', {
        class: `ent lab-${s.label}`, href: entityUrl(s.label, s.canonical || s.text),
        title: `${t(`${s.label}1`)}: ${s.canonical || s.text}`, dataset: { label: s.label },
      }, withQuotes(s.start, s.end)));
    } else {
      append(textEl, h('span', { class: 'timex', title: s.value ? `${t('resolved')}: ${s.value}` : '', dataset: { value: s.value || '' } }, withQuotes(s.start, s.end)));
    }
    pos = s.end;
  }
  if (pos < chars.length) append(textEl, withQuotes(pos, chars.length));

  // Sidebar: names by kind, quotes, resolved dates.
  const byName = new Map();
  for (const e of entities) {
    const key = `${e.label}\u0000${e.canonical || e.text}`;
    byName.set(key, { label: e.label, name: e.canonical || e.text, n: (byName.get(key)?.n || 0) + 1 });
  }
  const names = [...byName.values()];
  const legend = h('fieldset', { class: 'legend' }, h('legend', null, t('highlight')),
    LABELS.map((label) => h('label', { class: `legend-item lab-${label}` },
      h('input', {
        type: 'checkbox', checked: true,
        onchange: (event) => textEl.classList.toggle(`hide-${label}`, !event.target.checked),
      }), ` ${t(label)}`)),
    h('label', { class: 'legend-item timex-key' }, h('input', {
      type: 'checkbox', checked: true, onchange: (event) => textEl.classList.toggle('hide-time', !event.target.checked),
    }), ` ${t('dates')}`),
    h('label', { class: 'legend-item quote-key' }, h('input', {
      type: 'checkbox', checked: true, onchange: (event) => textEl.classList.toggle('hide-quotes', !event.target.checked),
    }), ` ${t('quotes')}`));

  const showQuote = (i) => () => {
    const el = textEl.querySelector(`.qspan[data-q="${i}"]`);
    if (!el) return;
    for (const old of textEl.querySelectorAll('.qspan.flash')) old.classList.remove('flash');
    for (const part of textEl.querySelectorAll(`.qspan[data-q="${i}"]`)) part.classList.add('flash');
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
  };

  const cameFromApp = history.state && history.state.inApp;
  return h('article', { class: 'article' },
    h('header', { class: 'article-head' },
      cameFromApp ? h('button', { type: 'button', class: 'linklike back', onclick: () => history.back() }, `← ${t('back')}`) : null,
      h('p', { class: 'article-meta' },
        a.date ? h('time', { datetime: a.date }, fmtDate(a.date)) : null,
        a.source ? h('span', { class: 'src' }, a.source) : null,
        h('span', { class: 'id' }, a.id),
        a.url ? h('a', { href: a.url, rel: 'noopener noreferrer', target: '_blank', class: 'ext' }, t('original')) : null),
      h('h1', { tabindex: '-1' }, a.title || a.id)),
    h('div', { class: 'with-side article-grid' },
      h('div', { class: 'col-main' }, legend, textEl),
      h('aside', { class: 'col-side' },
        h('section', { class: 'card', 'aria-labelledby': 'side-ents' }, h('h2', { id: 'side-ents' }, t('entities')),
          names.length ? LABELS.map((label) => {
            const list = names.filter((n) => n.label === label);
            if (!list.length) return null;
            return h('div', { class: 'facet-group' }, h('h3', null, t(label)),
              h('ul', { class: 'chip-list' }, list.map((n) => h('li', null,
                h('a', { class: `chip-ent lab-${label}`, href: entityUrl(label, n.name) }, n.name)))));
          }) : h('p', { class: 'muted' }, t('no_entities'))),
        h('section', { class: 'card', 'aria-labelledby': 'side-quotes' }, h('h2', { id: 'side-quotes' }, t('quotes'), h('span', { class: 'num' }, ` ${quotes.length}`)),
          quotes.length ? h('ul', { class: 'quotes compact' }, quotes.map((q, i) => quoteItem(q, { showArticle: false, onShow: showQuote(i) })))
            : h('p', { class: 'muted' }, t('no_quotes'))),
        timex.length ? h('section', { class: 'card', 'aria-labelledby': 'side-dates' }, h('h2', { id: 'side-dates' }, t('dates')),
          h('dl', { class: 'timex-list' }, timex.map((x) => [h('dt', null, x.text), h('dd', null, x.value ? h('code', null, x.value) : '–')]))) : null)));
}

function entityView(label, name) {
  if (!FIELD[label]) return missingView();
  setTitle(name, t(`${label}1`));
  const clause = entityQuery(label, name);
  const timeline = h('div');
  const cooc = h('div');
  const quotesBy = h('div');
  const quotesAbout = h('div');
  const articles = h('div');

  panel(timeline, api('timeline', { q: clause, by: 'month' }), (data) => {
    const { buckets, counts } = rebucket(data.buckets, (data.series[0]?.counts || []).map(Number));
    return barChart(buckets, counts, {
      title: `${t('timeline')}: ${name}`, width: chartWidth(timeline, 1100), height: 170,
      onPick: (bucket) => navigate(url('/search', { q: clause, ...bucketRange(bucket) })),
    });
  }, clause);
  panel(cooc, api('entities', { q: clause, limit: 21 }), (data) => {
    const list = data.entities.filter((e) => !(e.label === label && e.name === name)).slice(0, 20);
    if (!list.length) return h('p', { class: 'muted' }, t('no_entities'));
    const max = Math.max(1, ...list.map((e) => e.articles));
    return h('ul', { class: 'meter-list' }, list.map((e) => h('li', null,
      h('a', { href: entityUrl(e.label, e.name), class: `ent-link lab-${e.label}` }, e.name),
      h('span', { class: 'meter', 'aria-hidden': 'true' }, h('span', { class: `lab-${e.label}`, style: `width:${(100 * e.articles / max).toFixed(1)}%` })),
      h('span', { class: 'num' }, fmtInt(e.articles)))));
  }, clause);
  if (label === 'PER' || label === 'ORG') {
    panel(quotesBy, api('quotes', { speaker: name, limit: 10 }), (data) => data.quotes.length
      ? [h('ul', { class: 'quotes' }, data.quotes.map((q) => quoteItem(q))),
        data.total > data.quotes.length ? h('p', { class: 'more' }, h('a', { href: url('/quotes', { speaker: name }) }, `${t('all_quotes')} (${fmtInt(data.total)})`)) : null]
      : h('p', { class: 'muted' }, t('no_quotes')));
  }
  panel(quotesAbout, api('quotes', { q: clause, limit: 60 }), (data) => {
    const others = data.quotes.filter((q) => !q.speaker || !(q.speaker === name || name.includes(q.speaker) && label === 'PER'));
    return others.length
      ? [h('ul', { class: 'quotes' }, others.slice(0, 10).map((q) => quoteItem(q))),
        others.length > 10 || data.total > data.quotes.length ? h('p', { class: 'more' }, h('a', { href: url('/quotes', { q: clause }) }, t('all_quotes'))) : null]
      : h('p', { class: 'muted' }, t('no_quotes'));
  }, clause);
  panel(articles, api('search', { q: clause, limit: 10, sort: '-date' }), (data) => {
    restoreScroll();
    return [
      h('ul', { class: 'plain-list article-list', 'data-nav-list': true }, data.hits.map((hit) => h('li', null,
        h('a', { href: articleUrl(hit.id), 'data-nav-item': true }, hit.title || hit.id),
        h('span', { class: 'muted small' }, ` ${[fmtDate(hit.date), hit.source].filter(Boolean).join(' · ')}`)))),
      data.total > data.hits.length ? h('p', null, h('a', { href: url('/search', { q: clause }) }, `${t('all_articles')} (${fmtInt(data.total)})`)) : null,
    ];
  }, clause);

  return h('div', { class: 'entity-page' },
    h('div', { class: 'page-head entity-head' },
      labelBadge(label),
      h('h1', { tabindex: '-1' }, name),
      h('p', { class: 'actions' },
        h('a', { class: 'button', href: url('/search', { q: clause }) }, t('search_articles')),
        h('a', { class: 'button', href: url('/kwic', { q: `"${name.replace(/"/g, '')}"` }) }, t('see_kwic')),
        h('a', { class: 'button', href: url('/network', { q: clause }) }, t('see_network')),
        h('a', { class: 'button', href: url('/timeline', { q: clause }) }, t('nav_timeline')))),
    h('section', { class: 'card' }, h('h2', null, t('timeline')), timeline),
    h('div', { class: 'two-col' },
      h('div', null,
        label === 'PER' || label === 'ORG' ? h('section', { class: 'card' }, h('h2', null, `${t('quotes_by')} ${name}`), quotesBy) : null,
        h('section', { class: 'card' }, h('h2', null, `${t('quotes_about')} ${name}`), quotesAbout)),
      h('div', null,
        h('section', { class: 'card' }, h('h2', null, t('cooccurring')), cooc),
        h('section', { class: 'card' }, h('h2', null, t('articles')), articles))));
}

function kwicView(params) {
  const q = (params.get('q') || '').trim();
  const sort = params.get('sort') || 'left';
  setTitle(q ? `KWIC: ${q}` : 'KWIC');
  const form = h('form', { class: 'search-form', role: 'search' },
    queryInput('kwic-q', q),
    h('div', { class: 'filters' }, h('div', { class: 'field' }, h('label', { for: 'kwic-sort' }, t('sort')),
      h('select', { id: 'kwic-sort', name: 'sort' },
        [['left', 'kwic_sort_left'], ['right', 'kwic_sort_right'], ['date', 'kwic_sort_date']].map(([value, key]) =>
          h('option', { value, selected: sort === value }, t(key)))))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(url('/kwic', { q: data.get('q').trim(), sort: data.get('sort') === 'left' ? '' : data.get('sort') }));
  });
  const out = h('div', { class: 'kwic-out' });
  if (q) {
    panel(out, api('kwic', { q, sort, limit: 200, width: 60 }), (data) => {
      restoreScroll();
      if (!data.lines.length) return h('p', { class: 'empty' }, t('no_results'));
      return [h('p', { class: 'count' }, t('n_lines', data.lines.length, data.total)),
        h('div', { class: 'table-wrap' }, h('table', { class: 'kwic' },
          h('thead', null, h('tr', null, h('th', { class: 'l', scope: 'col' }, t('left_context')), h('th', { class: 'm', scope: 'col' }, t('match')),
            h('th', { class: 'r', scope: 'col' }, t('right_context')), h('th', { class: 'd', scope: 'col' }, t('article')))),
          h('tbody', { 'data-nav-list': true }, data.lines.map((line) => h('tr', null,
            h('td', { class: 'l' }, h('span', null, line.left)),
            h('td', { class: 'm' }, h('mark', null, line.match)),
            h('td', { class: 'r' }, h('span', null, line.right)),
            h('td', { class: 'd' }, h('a', { href: articleUrl(line.id), 'data-nav-item': true, title: line.id }, line.date ? fmtDate(line.date) : line.id)))))))];
    }, q);
  }
  return h('div', { class: 'kwic-page' }, pageHead(t('kwic_title'), t('kwic_lead')), form, out);
}

function quotesView(params) {
  const q = (params.get('q') || '').trim();
  const speaker = (params.get('speaker') || '').trim();
  const channel = (params.get('channel') || '').trim();
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  setTitle(t('quotes_title'));
  const field = (id, name, label, value) => h('div', { class: 'field' }, h('label', { for: id }, label),
    h('input', { id, name, value, autocomplete: 'off' }));
  const form = h('form', { class: 'search-form', role: 'search' },
    h('div', { class: 'filters' },
      h('div', { class: 'field grow' }, h('label', { for: 'quotes-q' }, t('query')),
        h('input', { id: 'quotes-q', name: 'q', type: 'search', value: q, 'data-search': true, autocomplete: 'off' })),
      field('quotes-speaker', 'speaker', t('speaker'), speaker),
      field('quotes-channel', 'channel', t('channel'), channel),
      h('div', { class: 'field' }, h('span', { class: 'label-spacer', 'aria-hidden': 'true' }, '\u00a0'), h('button', { type: 'submit', class: 'primary' }, t('search')))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(url('/quotes', { q: data.get('q').trim(), speaker: data.get('speaker').trim(), channel: data.get('channel').trim() }));
  });
  const out = h('div');
  panel(out, api('quotes', { q, speaker, channel, limit: PAGE, offset: (page - 1) * PAGE }), (data) => {
    restoreScroll();
    if (!data.quotes.length) return h('p', { class: 'empty' }, t('no_quotes'));
    return [h('p', { class: 'count' }, t('n_quotes', data.total)),
      h('ul', { class: 'quotes' }, data.quotes.map((quote) => quoteItem(quote))),
      pager(page, data.total, (p) => url('/quotes', { q, speaker, channel, page: p > 1 ? p : '' }))];
  }, q);
  return h('div', { class: 'quotes-page' }, pageHead(t('quotes_title'), t('quotes_lead')), form, out);
}

function timelineView(params) {
  const queries = params.getAll('q').map((q) => q.trim()).filter(Boolean);
  const by = params.get('by') === 'year' ? 'year' : 'month';
  const normalize = params.get('normalize') === '1' || params.get('normalize') === 'true';
  setTitle(t('timeline_title'));
  const rows = h('div', { class: 'tl-rows' });
  const addRow = (value, focus) => {
    const i = rows.children.length;
    const id = `tl-q-${i}`;
    const row = h('div', { class: 'tl-row' },
      h('span', { class: 'swatch', style: `background:${SERIES_COLORS[i % SERIES_COLORS.length]}`, 'aria-hidden': 'true' }),
      h('label', { for: id, class: 'visually-hidden' }, `${t('query')} ${i + 1}`),
      h('input', { id, name: 'q', type: 'search', value: value || '', autocomplete: 'off', 'data-search': i === 0 ? true : null, placeholder: t('query') }),
      h('button', { type: 'button', class: 'tool', 'aria-label': `${t('remove')} ${i + 1}`, onclick: () => { if (rows.children.length > 1) row.remove(); } }, '×'));
    rows.append(row);
    if (focus) row.querySelector('input').focus();
  };
  (queries.length ? queries : ['']).forEach((q) => addRow(q));
  const form = h('form', { class: 'search-form tl-form' },
    h('fieldset', { class: 'plain' }, h('legend', null, t('series')), rows,
      h('button', { type: 'button', class: 'tool', onclick: () => addRow('', true) }, `+ ${t('add_query')}`)),
    h('div', { class: 'filters' },
      h('div', { class: 'field' }, h('label', { for: 'tl-by' }, t('by')),
        h('select', { id: 'tl-by', name: 'by' },
          h('option', { value: 'month', selected: by === 'month' }, t('by_month')),
          h('option', { value: 'year', selected: by === 'year' }, t('by_year')))),
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'normalize', checked: normalize }), ` ${t('normalize')}`),
      h('button', { type: 'submit', class: 'primary' }, t('show'))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(url('/timeline', {
      q: data.getAll('q').map((v) => v.trim()).filter(Boolean),
      by: data.get('by') === 'year' ? 'year' : '', normalize: data.get('normalize') ? '1' : '',
    }));
  });
  const out = h('div', { class: 'card' });
  if (queries.length) {
    panel(out, api('timeline', { q: queries, by, normalize: normalize ? 'true' : '' }), (data) => {
      restoreScroll();
      return lineChart(data, normalize, chartWidth(out, 900));
    }, queries.length === 1 ? queries[0] : null);
  }
  return h('div', { class: 'timeline-page' }, pageHead(t('timeline_title'), t('timeline_lead')), form, queries.length ? out : null);
}

function lineChart(data, normalize, width = 900) {
  const buckets = data.buckets;
  if (!buckets.length) return h('p', { class: 'muted' }, t('none'));
  const height = Math.round(Math.min(340, Math.max(220, width * 0.36)));
  const pad = { l: 48, r: 12, t: 12, b: 28 };
  const series = data.series.map((s) => s.counts.map(Number));
  const { max, ticks } = niceTicks(Math.max(normalize ? 0.0001 : 1, ...series.flat()), !normalize);
  const x = (i) => pad.l + (buckets.length === 1 ? 0.5 : i / (buckets.length - 1)) * (width - pad.l - pad.r);
  const y = (v) => pad.t + (1 - v / max) * (height - pad.t - pad.b);
  const fmtV = (v) => normalize ? `${(v * 100).toLocaleString(lang === 'da' ? 'da-DK' : 'en-GB', { maximumFractionDigits: 1 })} %` : fmtInt(v);
  const chart = svg('svg', { class: 'chart lines', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('timeline_title') });
  for (const v of ticks) {
    chart.append(svg('line', { class: v ? 'grid' : 'base', x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v) }),
      svg('text', { class: 'axis', x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, fmtV(v)));
  }
  let lastYear = null;
  const step = Math.ceil(buckets.length / (buckets[0].length === 4 ? 14 : 200));
  buckets.forEach((bucket, i) => {
    const year = bucket.slice(0, 4);
    if (year !== lastYear && i % step === 0) {
      chart.append(svg('line', { class: 'tick', x1: x(i), x2: x(i), y1: height - pad.b, y2: height - pad.b + 4 }),
        svg('text', { class: 'axis', x: x(i), y: height - 8, 'text-anchor': 'middle' }, year));
      lastYear = year;
    }
  });
  series.forEach((counts, si) => {
    const color = SERIES_COLORS[si % SERIES_COLORS.length];
    const d = counts.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
    chart.append(svg('path', { class: 'series', d, stroke: color }));
    const dots = svg('g', { class: 'dots', fill: color });
    counts.forEach((v, i) => {
      if (v) dots.append(svg('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: buckets.length > 40 ? 2.2 : 3.5 },
        svg('title', null, `${data.series[si].query} · ${fmtDate(buckets[i])}: ${fmtV(v)}`)));
    });
    chart.append(dots);
  });
  const legend = h('ul', { class: 'series-legend' }, data.series.map((s, si) => h('li', null,
    h('span', { class: 'swatch', style: `background:${SERIES_COLORS[si % SERIES_COLORS.length]}`, 'aria-hidden': 'true' }),
    h('a', { href: url('/search', { q: s.query }) }, s.query),
    h('span', { class: 'num' }, ` ${normalize ? '' : fmtInt(series[si].reduce((a, b) => a + b, 0))}`))));
  // The numbers as a table too, for screen readers and copying.
  const table = h('details', { class: 'data-table' }, h('summary', null, t('show_numbers')),
    h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, by_label(buckets)), data.series.map((s) => h('th', { scope: 'col' }, s.query)))),
      h('tbody', null, buckets.map((b, i) => h('tr', null, h('th', { scope: 'row' }, fmtDate(b)), series.map((c) => h('td', null, fmtV(c[i])))))))));
  return [legend, chart, table];
}

/** Gridline values 0, step, 2·step… (step 1, 2 or 5 × 10ⁿ) reaching at least `top`. */
function niceTicks(top, whole) {
  let step = 10 ** Math.floor(Math.log10(top / 4));
  for (const f of [1, 2, 5, 10]) { if (top / (step * f) <= 5) { step *= f; break; } }
  if (whole) step = Math.max(1, Math.round(step));
  const ticks = [];
  for (let v = 0; v < top + step * 0.999; v += step) ticks.push(+v.toPrecision(12));
  return { max: ticks[ticks.length - 1], ticks };
}

function by_label(buckets) { return buckets[0] && buckets[0].length === 4 ? t('by_year') : t('by_month'); }

function networkView(params) {
  const q = (params.get('q') || '').trim();
  const labels = params.getAll('label').filter((l) => FIELD[l]);
  const minWeight = Math.max(1, parseInt(params.get('min_weight') || '1', 10) || 1);
  const limit = Math.min(300, Math.max(2, parseInt(params.get('limit') || '60', 10) || 60));
  setTitle(t('network_title'), q);
  const form = h('form', { class: 'search-form', role: 'search' },
    queryInput('net-q', q, { placeholder: t('network_query_placeholder') }),
    h('div', { class: 'filters' },
      h('fieldset', { class: 'plain inline' }, h('legend', null, t('kinds')),
        LABELS.map((label) => h('label', { class: `check lab-${label}` },
          h('input', { type: 'checkbox', name: 'label', value: label, checked: !labels.length || labels.includes(label) }), ` ${t(label)}`))),
      h('div', { class: 'field' }, h('label', { for: 'net-min' }, t('min_weight')),
        h('input', { id: 'net-min', name: 'min_weight', type: 'number', min: 1, value: minWeight, size: 4 })),
      h('div', { class: 'field' }, h('label', { for: 'net-limit' }, t('node_limit')),
        h('input', { id: 'net-limit', name: 'limit', type: 'number', min: 2, max: 300, value: limit, size: 4 }))));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = data.getAll('label');
    navigate(url('/network', {
      q: data.get('q').trim(), label: chosen.length === LABELS.length ? [] : chosen,
      min_weight: data.get('min_weight') === '1' ? '' : data.get('min_weight'),
      limit: data.get('limit') === '60' ? '' : data.get('limit'),
    }));
  });
  const out = h('div', { class: 'card net-card' });
  panel(out, api('network', { q, label: labels, min_weight: minWeight, limit }), (data) => {
    if (!data.nodes.length) return h('p', { class: 'empty' }, t('network_empty'));
    return renderNetwork(data);
  }, q);
  return h('div', { class: 'network-page' }, pageHead(t('network_title'), t('network_lead')), form, out);
}

/** Force-directed layout (Fruchterman–Reingold), computed up front with a capped budget. */
function layout(nodes, edges, width, height) {
  const n = nodes.length;
  const area = width * height;
  const k = Math.sqrt(area / Math.max(1, n)) * 0.6;
  // Deterministic start on a sunflower spiral: stable screenshots, no Math.random.
  const pos = nodes.map((_, i) => {
    const r = Math.sqrt(i + 0.5) / Math.sqrt(n) * Math.min(width, height) * 0.45;
    const a = i * 2.399963;
    return { x: width / 2 + r * Math.cos(a), y: height / 2 + r * Math.sin(a), dx: 0, dy: 0 };
  });
  const iterations = Math.max(40, Math.min(300, Math.floor(4e6 / Math.max(1, n * n))));
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  let temp = width / 8;
  const gx = (n * k * k) / ((0.42 * width) ** 2);
  const gy = (n * k * k) / ((0.42 * height) ** 2);
  for (let it = 0; it < iterations; it += 1) {
    for (const p of pos) { p.dx = 0; p.dy = 0; }
    for (let i = 0; i < n; i += 1) {
      const a = pos[i];
      for (let j = i + 1; j < n; j += 1) {
        const b = pos[j];
        let dx = a.x - b.x; let dy = a.y - b.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 0.01) { dx = 0.1 * (i - j); dy = 0.1; d2 = dx * dx + dy * dy; }
        const f = (k * k) / d2;
        a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
      }
    }
    for (const e of edges) {
      const a = pos[e.s]; const b = pos[e.t];
      const dx = a.x - b.x; const dy = a.y - b.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 0.01;
      const f = (d / k) * (0.6 + 0.4 * e.weight / maxW);
      a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
    }
    for (const p of pos) {
      // Gravity, balanced so that the whole graph's repulsion is held at about the
      // box's size: separate components and lone nodes stay on screen.
      p.dx += (width / 2 - p.x) * gx;
      p.dy += (height / 2 - p.y) * gy;
      const d = Math.sqrt(p.dx * p.dx + p.dy * p.dy) || 1;
      const step = Math.min(d, temp);
      p.x += (p.dx / d) * step; p.y += (p.dy / d) * step;
    }
    temp = Math.max(1, temp * 0.97);
  }
  // Fit into the box with a margin.
  const xs = pos.map((p) => p.x); const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const m = 40;
  const sx = (width - 2 * m) / Math.max(1, x1 - x0); const sy = (height - 2 * m) / Math.max(1, y1 - y0);
  const s = Math.min(sx, sy, 1.5);
  const cx = (x0 + x1) / 2; const cy = (y0 + y1) / 2;
  return pos.map((p) => ({ x: width / 2 + (p.x - cx) * s, y: height / 2 + (p.y - cy) * s }));
}

/**
 * Pushes overlapping circles apart (a few relaxation passes), so every node can be seen,
 * hovered and clicked: the force layout places centres, not discs.
 */
function separate(pos, radii, width, height) {
  const p = pos.map((q) => ({ x: q.x, y: q.y }));
  const gap = 3;
  for (let pass = 0; pass < 60; pass += 1) {
    let moved = false;
    for (let i = 0; i < p.length; i += 1) {
      for (let j = i + 1; j < p.length; j += 1) {
        let dx = p[j].x - p[i].x; let dy = p[j].y - p[i].y;
        let d = Math.sqrt(dx * dx + dy * dy);
        const need = radii[i] + radii[j] + gap;
        if (d >= need) continue;
        if (d < 0.01) { dx = 1; dy = (i % 2) ? 1 : -1; d = Math.SQRT2; }
        const push = (need - d) / 2;
        const ux = dx / d; const uy = dy / d;
        p[i].x -= ux * push; p[i].y -= uy * push;
        p[j].x += ux * push; p[j].y += uy * push;
        moved = true;
      }
    }
    for (let i = 0; i < p.length; i += 1) {
      p[i].x = Math.min(width - radii[i] - 2, Math.max(radii[i] + 2, p[i].x));
      p[i].y = Math.min(height - radii[i] - 2, Math.max(radii[i] + 2, p[i].y));
    }
    if (!moved) break;
  }
  return p;
}

function renderNetwork(data) {
  const width = 1000; const height = 620;
  const index = new Map(data.nodes.map((node, i) => [node.id, i]));
  const edges = data.edges.filter((e) => index.has(e.source) && index.has(e.target))
    .map((e) => ({ s: index.get(e.source), t: index.get(e.target), weight: e.weight }));
  const maxA = Math.max(1, ...data.nodes.map((node) => node.articles));
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  const radius = (node) => 5 + 17 * Math.sqrt(node.articles / maxA);
  const pos = separate(layout(data.nodes, edges, width, height), data.nodes.map(radius), width, height);
  const neighbours = data.nodes.map(() => new Set());
  for (const e of edges) { neighbours[e.s].add(e.t); neighbours[e.t].add(e.s); }
  const ranked = data.nodes.map((node, i) => i).sort((a, b) => data.nodes[b].articles - data.nodes[a].articles);
  const labelled = new Set(ranked.slice(0, Math.min(14, Math.ceil(data.nodes.length / 3))));

  const chart = svg('svg', { class: 'chart network', viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': t('network_title') });
  const edgeLayer = svg('g', { class: 'edges' });
  const nodeLayer = svg('g', { class: 'nodes' });
  const labelLayer = svg('g', { class: 'labels', 'aria-hidden': 'true' });
  chart.append(edgeLayer, nodeLayer, labelLayer);
  const edgeEls = edges.map((e) => {
    const line = svg('line', {
      x1: pos[e.s].x.toFixed(1), y1: pos[e.s].y.toFixed(1), x2: pos[e.t].x.toFixed(1), y2: pos[e.t].y.toFixed(1),
      'stroke-width': (0.8 + 3.2 * (e.weight / maxW)).toFixed(2),
    });
    edgeLayer.append(line);
    return line;
  });
  const nodeEls = data.nodes.map((node, i) => {
    const r = radius(node);
    const g = svg('g', {
      class: `node lab-${node.label}${labelled.has(i) ? ' labelled' : ''}`, transform: `translate(${pos[i].x.toFixed(1)},${pos[i].y.toFixed(1)})`,
      tabindex: '0', role: 'link', 'aria-label': `${node.name} (${t(`${node.label}1`)}, ${t('mentions', node.articles)})`,
      dataset: { name: node.name, label: node.label },
    },
    svg('circle', { r: r.toFixed(1) }));
    nodeLayer.append(g);
    return g;
  });
  // Names in a layer above every node, so no circle covers a name.
  const labelEls = data.nodes.map((node, i) => {
    const text = svg('text', {
      class: `node-label${labelled.has(i) ? ' labelled' : ''}`, transform: nodeEls[i].getAttribute('transform'),
      y: (radius(node) + 13).toFixed(1), 'text-anchor': 'middle',
    }, node.name);
    labelLayer.append(text);
    return text;
  });

  const open = (i) => navigate(entityUrl(data.nodes[i].label, data.nodes[i].name));
  const focusOn = (i, on) => {
    chart.classList.toggle('focusing', on);
    nodeEls.forEach((g, j) => {
      const near = on && (j === i || neighbours[i].has(j));
      g.classList.toggle('near', near);
      labelEls[j].classList.toggle('near', near);
      labelEls[j].classList.toggle('self', on && j === i);
    });
    edgeEls.forEach((line, j) => line.classList.toggle('near', on && (edges[j].s === i || edges[j].t === i)));
  };
  const showTip = (i, event) => {
    const node = data.nodes[i];
    const box = nodeEls[i].getBoundingClientRect();
    showTooltip(`${node.name} · ${t(`${node.label}1`)} · ${t('mentions', node.articles)}`,
      event && event.clientX ? event.clientX : box.left + box.width / 2, event && event.clientY ? event.clientY : box.top);
  };
  const toSvg = (event) => {
    const point = chart.createSVGPoint();
    point.x = event.clientX; point.y = event.clientY;
    return point.matrixTransform(chart.getScreenCTM().inverse());
  };
  const moveNode = (i, x, y) => {
    pos[i].x = Math.max(8, Math.min(width - 8, x)); pos[i].y = Math.max(8, Math.min(height - 8, y));
    nodeEls[i].setAttribute('transform', `translate(${pos[i].x.toFixed(1)},${pos[i].y.toFixed(1)})`);
    labelEls[i].setAttribute('transform', nodeEls[i].getAttribute('transform'));
    edges.forEach((e, j) => {
      if (e.s === i) { edgeEls[j].setAttribute('x1', pos[i].x.toFixed(1)); edgeEls[j].setAttribute('y1', pos[i].y.toFixed(1)); }
      if (e.t === i) { edgeEls[j].setAttribute('x2', pos[i].x.toFixed(1)); edgeEls[j].setAttribute('y2', pos[i].y.toFixed(1)); }
    });
  };

  nodeEls.forEach((g, i) => {
    let drag = null;
    g.addEventListener('pointerenter', (event) => { focusOn(i, true); showTip(i, event); });
    g.addEventListener('pointermove', (event) => { if (!drag) showTip(i, event); });
    g.addEventListener('pointerleave', () => { if (!drag) { focusOn(i, false); hideTooltip(); } });
    g.addEventListener('focus', () => { focusOn(i, true); showTip(i); });
    g.addEventListener('blur', () => { focusOn(i, false); hideTooltip(); });
    g.addEventListener('keydown', (event) => { if (event.key === 'Enter') { event.preventDefault(); open(i); } });
    g.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      const p = toSvg(event);
      drag = { ox: pos[i].x - p.x, oy: pos[i].y - p.y, sx: event.clientX, sy: event.clientY, moved: false };
      // The node taken is drawn above the others, so it stays visible and clickable
      // wherever it is dropped (before capturing: moving an element releases capture).
      g.parentNode.append(g);
      labelEls[i].parentNode.append(labelEls[i]);
      g.setPointerCapture(event.pointerId);
      g.classList.add('dragging');
      event.preventDefault();
    });
    g.addEventListener('pointermove', (event) => {
      if (!drag) return;
      if (Math.abs(event.clientX - drag.sx) + Math.abs(event.clientY - drag.sy) > 3) drag.moved = true;
      if (drag.moved) { const p = toSvg(event); moveNode(i, p.x + drag.ox, p.y + drag.oy); hideTooltip(); }
    });
    g.addEventListener('pointerup', (event) => {
      if (!drag) return;
      const moved = drag.moved;
      drag = null;
      g.classList.remove('dragging');
      try { g.releasePointerCapture(event.pointerId); } catch { /* released */ }
      if (!moved) open(i);
    });
    g.addEventListener('pointercancel', () => { drag = null; g.classList.remove('dragging'); });
  });

  const legend = h('ul', { class: 'series-legend' }, LABELS.filter((l) => data.nodes.some((node) => node.label === l)).map((l) =>
    h('li', null, h('span', { class: `dot lab-${l}`, 'aria-hidden': 'true' }), t(l))));
  const top = ranked.slice(0, 12).map((i) => data.nodes[i]);
  return [
    h('p', { class: 'count' }, t('n_nodes', data.nodes.length, edges.length, data.articles)), legend,
    h('div', { class: 'net-wrap' }, chart),
    h('details', { class: 'data-table' }, h('summary', null, t('network_alt')),
      h('ul', { class: 'plain-list' }, top.map((node) => h('li', null,
        h('a', { href: entityUrl(node.label, node.name), class: `ent-link lab-${node.label}` }, node.name),
        h('span', { class: 'num' }, ` ${fmtInt(node.articles)}`))))),
  ];
}

function missingView() {
  setTitle(t('not_found'));
  return h('div', null, pageHead(t('not_found')), h('p', null, h('a', { href: '/' }, t('home'))));
}

// ---------------------------------------------------------------------------------
// Tooltip, help, language, keyboard
// ---------------------------------------------------------------------------------

const tooltip = document.getElementById('tooltip');

function showTooltip(text, x, y) {
  tooltip.textContent = text;
  tooltip.hidden = false;
  const w = tooltip.offsetWidth;
  tooltip.style.left = `${Math.max(4, Math.min(window.innerWidth - w - 4, x - w / 2))}px`;
  tooltip.style.top = `${Math.max(4, y - tooltip.offsetHeight - 12)}px`;
}

function hideTooltip() { if (tooltip) tooltip.hidden = true; }

const help = document.getElementById('help');

function renderHelp() {
  clear(document.getElementById('help-body'),
    h('p', null, t('help_intro')),
    h('table', { class: 'syntax' }, h('tbody', null, STRINGS[lang].syn.map(([code, text]) =>
      h('tr', null, h('td', null, h('code', null, code)), h('td', null, text))))),
    h('h3', null, t('kbd_title')),
    h('table', { class: 'syntax' }, h('tbody', null,
      [['/', 'kbd_slash'], ['Enter', 'kbd_enter'], ['↑ ↓', 'kbd_arrows'], ['?', 'kbd_help'], ['Esc', 'kbd_esc']].map(([key, text]) =>
        h('tr', null, h('td', null, h('kbd', null, key)), h('td', null, t(text)))))));
}

function openHelp() {
  renderHelp();
  if (!help.open) help.showModal();
}

document.getElementById('help-open').addEventListener('click', openHelp);
document.getElementById('help-close').addEventListener('click', () => help.close());
help.addEventListener('click', (event) => { if (event.target === help) help.close(); });

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  const button = document.getElementById('lang-switch');
  button.textContent = t('lang_other');
  button.setAttribute('lang', t('lang_other_code'));
  button.setAttribute('aria-label', lang === 'da' ? 'Switch to English' : 'Skift til dansk');
}

document.getElementById('lang-switch').addEventListener('click', () => {
  lang = lang === 'da' ? 'en' : 'da';
  try { localStorage.setItem('kilde.lang', lang); } catch { /* private mode */ }
  applyLanguage();
  if (help.open) renderHelp();
  route();
});

function typing(el) {
  return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const active = document.activeElement;
  if (event.key === '/' && !typing(active)) {
    const input = main.querySelector('[data-search]');
    if (input) { event.preventDefault(); input.focus(); input.select(); }
    return;
  }
  if (event.key === '?' && !typing(active)) { event.preventDefault(); openHelp(); return; }
  if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && !typing(active)) {
    const list = main.querySelector('[data-nav-list]');
    if (!list) return;
    const items = [...list.querySelectorAll('[data-nav-item]')];
    if (!items.length) return;
    const at = items.indexOf(active);
    if (at < 0 && !list.contains(active) && event.key === 'ArrowUp') return;
    event.preventDefault();
    const next = at < 0 ? 0 : Math.max(0, Math.min(items.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)));
    items[next].focus();
    items[next].scrollIntoView({ block: 'nearest' });
  }
});

history.scrollRestoration = 'manual';
applyLanguage();
route();
