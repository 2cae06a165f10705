'use strict';
// The sample's page: vanilla JavaScript, no build step, no CDN (works offline).

const $ = (selector) => document.querySelector(selector);
const HUES = [210, 28, 140, 280, 350, 175, 50, 100, 240, 320, 0, 190];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// A URL the page may make a link of: absolute http(s) only. Metadata comes from documents anyone could add, and a
// javascript: (or data:, vbscript:) URL as href would run in this page when clicked.
function httpUrl(value) {
  try {
    const url = new URL(String(value));
    return (url.protocol === 'http:' || url.protocol === 'https:') ? url.href : null;
  } catch (e) {
    return null;
  }
}

function setChildren(node, ...children) {
  // replaceChildren would render null and undefined as text
  node.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
}

async function api(method, url, body) {
  const options = { method, headers: { Accept: 'application/json' } };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(url, options);
  let json = null;
  try { json = await response.json(); } catch (e) { /* no body */ }
  if (!response.ok) {
    const error = new Error((json && (json.detail || json.message || json.error)) || (response.status + ' ' + response.statusText));
    error.status = response.status;
    throw error;
  }
  return json;
}

function showMessage(text, kind) {
  const box = $('#message');
  if (!text) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.className = 'message' + (kind === 'info' ? ' info' : '');
  box.textContent = text;
}

const fmt = (value, digits = 3) => (value === null || value === undefined) ? 'n/a' : Number(value).toFixed(digits);
const fmtInt = (value) => (value === null || value === undefined) ? 'n/a' : Number(value).toLocaleString('en-US');
function fmtBytes(bytes) {
  if (bytes === null || bytes === undefined || bytes < 0) return 'n/a';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return value.toFixed(unit ? 1 : 0) + ' ' + units[unit];
}
function fmtSeconds(seconds) {
  if (seconds === null || seconds === undefined) return 'n/a';
  const s = Math.round(seconds);
  return s < 60 ? s + ' s' : Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
}

// ---------------------------------------------------------------- search and highlighting

let lastQuery = null;

function queryTokenColours(results) {
  // One hue per distinct query token (in query order), shared by all results and the legend.
  const colours = new Map();
  for (const result of results) {
    for (const token of (result.match ? result.match.tokens : [])) {
      if (token.queryToken && !colours.has(token.queryToken.toLowerCase())) {
        colours.set(token.queryToken.toLowerCase(), HUES[colours.size % HUES.length]);
      }
    }
  }
  return colours;
}

function markColour(hue, similarity) {
  // Stronger matches are more opaque: cosine 0.3 -> faint, 0.9 and above -> solid.
  const alpha = Math.min(0.85, Math.max(0.12, (similarity - 0.3) / 0.6 * 0.85));
  return `hsla(${hue}, 90%, 55%, ${alpha.toFixed(2)})`;
}

function highlightedText(text, match, lexical, colours) {
  const container = el('div', { class: 'text' });
  if (!match && !lexical) { container.textContent = text; return container; }
  // Late interaction: group the query tokens by the document span they matched; the strongest decides the colour.
  const spans = new Map();
  for (const token of (match ? match.tokens : [])) {
    if (!token.queryToken || token.start < 0 || token.end <= token.start) continue;
    const key = token.start + ':' + token.end;
    if (!spans.has(key)) spans.set(key, { start: token.start, end: token.end, tokens: [] });
    spans.get(key).tokens.push(token);
  }
  const ordered = [...spans.values()].sort((a, b) => a.start - b.start);
  const marks = [];
  let covered = 0;
  for (const span of ordered) {
    if (span.start < covered) continue;
    span.tokens.sort((a, b) => b.similarity - a.similarity);
    marks.push(span);
    covered = span.end;
  }
  // Lexical: the words that hold a query term (what BM25 scores), per character.
  const lexicalAt = new Array(text.length).fill(null);
  for (const term of (lexical || [])) {
    for (const [start, end] of term.spans) {
      for (let i = Math.max(0, start); i < Math.min(end, text.length); i++) lexicalAt[i] = term;
    }
  }
  // Cut the text where a highlight of either kind starts or ends.
  const cuts = new Set([0, text.length]);
  for (const span of marks) { cuts.add(span.start); cuts.add(span.end); }
  for (let i = 1; i < text.length; i++) if (lexicalAt[i] !== lexicalAt[i - 1]) cuts.add(i);
  const points = [...cuts].filter((i) => i >= 0 && i <= text.length).sort((a, b) => a - b);
  let mark = 0;
  for (let p = 0; p + 1 < points.length; p++) {
    const start = points[p], end = points[p + 1];
    while (mark < marks.length && marks[mark].end <= start) mark++;
    const span = (mark < marks.length && marks[mark].start <= start && end <= marks[mark].end) ? marks[mark] : null;
    const term = lexicalAt[start];
    const piece = text.substring(start, end);
    if (!span && !term) { container.append(piece); continue; }
    const attributes = { class: [span ? 'match' : null, term ? 'lexical' : null].filter(Boolean).join(' ') };
    const tooltip = [];
    if (span) {
      const best = span.tokens[0];
      const hue = colours.get(best.queryToken.toLowerCase()) ?? HUES[0];
      attributes['data-query-token'] = best.queryToken;
      attributes['data-similarity'] = fmt(best.similarity);
      attributes.style = `background-color: ${markColour(hue, best.similarity)}`;
      tooltip.push(...span.tokens.map((t) => `query token "${t.queryToken}" matched "${t.documentToken}" (similarity ${fmt(t.similarity)})`));
    }
    if (term) {
      attributes['data-lexical-term'] = term.term;
      tooltip.push(`lexical match: query word "${term.queryToken}" (term "${term.term}", ${term.frequency}x in this chunk)`);
    }
    attributes.title = tooltip.join('\n');
    container.append(el('mark', attributes, piece));
  }
  return container;
}

function lexicalSummary(lexical) {
  if (!lexical) return null;
  const matched = [...new Set(lexical.filter((t) => t.frequency > 0).map((t) => t.queryToken))];
  return el('span', { class: 'lexical-summary', text: matched.length ? `lexical: ${matched.join(', ')}` : 'no lexical match' });
}

function matchTable(match) {
  const rows = match.tokens.map((t) => el('tr', {},
    el('td', {}, t.queryToken ?? el('span', { class: 'muted', text: '[special]' })),
    el('td', {}, t.documentToken ?? el('span', { class: 'muted', text: '[special]' })),
    el('td', {}, fmt(t.similarity))));
  return el('details', {}, el('summary', {}, `Token matches (MaxSim ${fmt(match.maxSim)} over ${match.tokens.length} query tokens)`),
    el('table', {}, el('tr', {}, el('th', { text: 'query token' }), el('th', { text: 'best chunk token' }), el('th', { text: 'cosine' })), rows));
}

function renderResult(result, rank, colours) {
  const meta = result.metadata || {};
  const score = result.score ?? 0;
  return el('li', { class: 'result', 'data-id': result.id, 'data-document-id': result.documentId },
    el('div', { class: 'head' },
      el('span', { class: 'rank', text: '#' + rank }),
      el('span', { class: 'title', text: meta.title || result.documentId || result.id }),
      meta.section ? el('span', { class: 'section', text: '› ' + meta.section }) : null,
      el('span', { class: 'score', text: `score ${fmt(score)} · MaxSim ${fmt(result.maxSim, 2)}`
        + (result.bm25 != null ? ` · BM25 ${fmt(result.bm25, 2)}` : '') })),
    el('div', { class: 'bar' }, el('span', { style: `width: ${Math.max(0, Math.min(1, score)) * 100}%` })),
    highlightedText(result.text || '', result.match, result.lexical, colours),
    el('div', { class: 'meta' },
      lexicalSummary(result.lexical),
      el('span', { text: result.id }),
      meta.url ? (httpUrl(meta.url)
        ? el('a', { href: httpUrl(meta.url), target: '_blank', rel: 'noopener noreferrer', text: meta.url })
        : el('span', { class: 'url', text: meta.url })) : null,
      meta.license ? el('span', { text: meta.license }) : null,
      result.documentId ? el('button', { class: 'small remove-result', type: 'button', title: 'DELETE /api/documents/' + result.documentId,
        onclick: () => removeDocument(result.documentId) }, 'Remove document') : null),
    result.match ? matchTable(result.match) : null);
}

function renderLegend(colours, results) {
  const legend = $('#legend');
  legend.replaceChildren();
  if (!colours.size) { legend.hidden = true; return; }
  legend.hidden = false;
  legend.append(el('span', { text: 'Query tokens:' }));
  for (const [token, hue] of colours) {
    legend.append(el('span', { class: 'chip', style: `background-color: ${markColour(hue, 0.8)}`, text: token }));
  }
  legend.append(el('span', { text: '· stronger colour = higher cosine; ' }));
  legend.append(el('mark', { class: 'lexical', text: 'underlined' }));
  legend.append(el('span', { text: '= lexical (BM25) match; hover a highlight for details' }));
}

async function search(event) {
  if (event) event.preventDefault();
  const q = $('#q').value;
  const k = $('#k').value;
  const [mode, fusion] = $('#mode').value.split(':');
  const button = $('#search-button');
  button.disabled = true;
  showMessage(null);
  $('#answer').hidden = true;
  try {
    // no mode: the server's configured retrieval mode (colbert.retriever.mode, hybrid by default)
    const modeParams = (mode ? `&mode=${encodeURIComponent(mode)}` : '') + (fusion ? `&fusion=${encodeURIComponent(fusion)}` : '');
    const response = await api('GET', `api/search?q=${encodeURIComponent(q)}&k=${encodeURIComponent(k)}&explain=true${modeParams}`);
    lastQuery = { q, k };
    history.replaceState(null, '', `?q=${encodeURIComponent(q)}&k=${encodeURIComponent(k)}&mode=${encodeURIComponent($('#mode').value)}`);
    const colours = queryTokenColours(response.results);
    renderLegend(colours, response.results);
    const list = $('#results');
    list.replaceChildren(...response.results.map((result, i) => renderResult(result, i + 1, colours)));
    list.setAttribute('data-query', response.query);
    if (!response.results.length) showMessage('No results: the index is empty (is the knowledge base still being ingested?)', 'info');
    else showMessage(`${response.results.length} results in ${response.tookMs} ms (${response.mode}${response.fusion ? ', ' + response.fusion : ''})`, 'info');
  } catch (error) {
    $('#results').replaceChildren();
    $('#legend').hidden = true;
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

async function ask() {
  const question = $('#q').value;
  const button = $('#ask-button');
  button.disabled = true;
  showMessage(null);
  try {
    const response = await api('POST', 'api/ask', { question });
    const box = $('#answer');
    box.hidden = false;
    box.className = 'answer' + (response.chatModelConfigured ? '' : ' none');
    box.textContent = response.chatModelConfigured ? response.answer : response.message;
    $('#legend').hidden = true;
    $('#results').replaceChildren(...response.context.map((doc, i) => renderResult(
      { id: doc.id, documentId: doc.documentId, score: doc.score, text: doc.text, metadata: { title: doc.title, section: doc.section } },
      i + 1, new Map())));
  } catch (error) {
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- documents

function addedDocumentItem(doc) {
  return el('li', { 'data-id': doc.id },
    el('span', {}, el('strong', { text: doc.title || doc.id }), ` (${doc.chunks.length} chunk${doc.chunks.length === 1 ? '' : 's'}, ${doc.id})`),
    el('button', { class: 'small remove', type: 'button', onclick: () => removeDocument(doc.id) }, 'Remove'));
}

async function addDocument(event) {
  event.preventDefault();
  const file = $('#doc-file').files[0];
  const button = $('#add-button');
  button.disabled = true;
  showMessage(null);
  try {
    let doc;
    if (file) {
      const form = new FormData();
      form.append('file', file);
      if ($('#doc-title').value) form.append('title', $('#doc-title').value);
      doc = await api('POST', 'api/documents', form);
    } else {
      doc = await api('POST', 'api/documents', { title: $('#doc-title').value, text: $('#doc-text').value });
    }
    $('#added-documents').prepend(addedDocumentItem(doc));
    $('#doc-title').value = '';
    $('#doc-text').value = '';
    $('#doc-file').value = '';
    showMessage(`Added "${doc.title}" as ${doc.chunks.length} chunk(s): ${doc.id}`, 'info');
    refreshStatus();
  } catch (error) {
    showMessage(error.message);
  } finally {
    button.disabled = false;
  }
}

async function removeDocument(id) {
  showMessage(null);
  try {
    const removed = await api('DELETE', 'api/documents/' + encodeURIComponent(id));
    document.querySelectorAll(`#added-documents li[data-id="${CSS.escape(id)}"]`).forEach((li) => li.remove());
    if (lastQuery) await search();
    showMessage(`Removed ${id} (${removed.chunksRemoved} chunk${removed.chunksRemoved === 1 ? '' : 's'})`, 'info');
    refreshStatus();
  } catch (error) {
    showMessage(error.message);
  }
}

// ---------------------------------------------------------------- status, stats, training

function kv(pairs) {
  return el('dl', { class: 'kv' }, pairs.filter((p) => p).map(([key, value]) => [el('dt', { text: key }), el('dd', {}, value)]));
}

function renderIngestion(status) {
  const ingestion = status.ingestion;
  const done = ingestion.chunksTotal ? ingestion.chunksDone / ingestion.chunksTotal : (ingestion.state === 'REUSED' ? 1 : 0);
  setChildren($('#ingestion'), 
    el('div', {}, el('span', { id: 'ingestion-state', class: 'state ' + ingestion.state, text: ingestion.state }),
      ' ', el('span', { class: 'muted', text: ingestion.message || '' })),
    ingestion.state === 'INGESTING' || ingestion.state === 'RECLUSTERING'
      ? el('div', { class: 'progress' }, el('span', { style: `width: ${(done * 100).toFixed(1)}%` })) : null,
    kv([
      ['chunks', `${fmtInt(ingestion.chunksDone)} / ${fmtInt(ingestion.chunksTotal)}`],
      ingestion.chunksPerSecond ? ['rate', fmt(ingestion.chunksPerSecond, 1) + ' chunks/s'] : null,
      ingestion.etaSeconds && !ingestion.finishedAt ? ['ETA', fmtSeconds(ingestion.etaSeconds)] : null,
      ['model', status.model.source],
      ['chat model', status.chatModelConfigured ? 'configured (Ask generates answers)' : 'none (Ask returns the retrieved context)'],
    ]));
}

function renderStats(stats, status) {
  const index = stats.index || {};
  const model = stats.model || {};
  const queries = stats.queries || {};
  setChildren($('#stats'), kv([
    ['store', stats.store],
    ['documents', fmtInt(index.documents)],
    ['token vectors', fmtInt(index.tokenVectors)],
    ['centroids', fmtInt(index.centroids)],
    ['nbits / dim', `${index.nbits ?? 'n/a'} / ${index.dim ?? 'n/a'}`],
    ['on disk', fmtBytes(index.bytesOnDisk)],
    ['bytes / vector', fmt(index.bytesPerVector, 1)],
    ['vs fp16', index.compressionRatioVsFp16 ? fmt(index.compressionRatioVsFp16, 1) + 'x smaller' : 'n/a'],
    ['doc length avg / max', `${fmt(index.averageDocumentLength, 1)} / ${index.maxDocumentLength ?? 'n/a'}`],
    ['last commit', index.lastCommit ?? 'n/a'],
    ['pending deletes', fmtInt(index.pendingDeletes)],
    ['re-cluster advisable', index.reclusterAdvisable ? 'yes: ' + (index.reclusterReason || '') : 'no'],
    ['model', model.source ?? 'n/a'],
    ['queries', queries.count !== undefined ? `${fmtInt(queries.count)} (p50 ${fmt(queries.p50Ms, 1)} ms, p95 ${fmt(queries.p95Ms, 1)} ms, p99 ${fmt(queries.p99Ms, 1)} ms)` : 'n/a'],
  ]));
}

function renderStoreFallback(status, reason) {
  const store = status.store;
  const d = store.details || {};
  setChildren($('#stats'), 
    el('div', { id: 'stats-unavailable', class: 'muted', text: `Stats unavailable: ${reason}. Store figures from /api/status:` }),
    kv([
      ['store', store.type],
      ['documents', fmtInt(store.documents)],
      ['token vectors', fmtInt(store.tokenVectors)],
      d.centroids !== undefined ? ['centroids', fmtInt(d.centroids)] : null,
      d.nbits !== undefined ? ['nbits / dim', `${d.nbits} / ${d.dim}`] : null,
      ['on disk', fmtBytes(store.bytesOnDisk)],
      d.bytesPerVector !== undefined ? ['bytes / vector', fmt(d.bytesPerVector, 1)] : null,
      d.compressionRatioVsFp16 !== undefined ? ['vs fp16', fmt(d.compressionRatioVsFp16, 1) + 'x smaller'] : null,
      d.reclusterAdvisable !== undefined ? ['re-cluster advisable', d.reclusterAdvisable ? 'yes' : 'no'] : null,
    ]));
}

function lossChart(points) {
  const width = 320, height = 150, left = 34, right = 8, top = 8, bottom = 20;
  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'chart');
  svg.setAttribute('id', 'loss-chart');
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(svgNs, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  const steps = points.map((p) => p.step), losses = points.map((p) => p.loss);
  const minStep = Math.min(...steps), maxStep = Math.max(...steps);
  const minLoss = Math.min(...losses), maxLoss = Math.max(...losses);
  const x = (s) => left + (maxStep > minStep ? (s - minStep) / (maxStep - minStep) : 0.5) * (width - left - right);
  const y = (l) => top + (maxLoss > minLoss ? (maxLoss - l) / (maxLoss - minLoss) : 0.5) * (height - top - bottom);
  add('line', { class: 'axis', x1: left, y1: height - bottom, x2: width - right, y2: height - bottom });
  add('line', { class: 'axis', x1: left, y1: top, x2: left, y2: height - bottom });
  add('text', { x: 2, y: top + 8 }, maxLoss.toFixed(3));
  add('text', { x: 2, y: height - bottom }, minLoss.toFixed(3));
  add('text', { x: left, y: height - 5 }, 'step ' + minStep);
  add('text', { x: width - right - 60, y: height - 5 }, 'step ' + maxStep);
  add('polyline', { class: 'line', points: points.map((p) => `${x(p.step).toFixed(1)},${y(p.loss).toFixed(1)}`).join(' ') });
  return svg;
}

function renderTraining(job) {
  const loss = job.loss || [];
  const evaluation = job.evaluation || {};
  const metrics = (m) => m ? Object.entries(m).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') : 'n/a';
  // Training steps while the job trains; the phase's own count otherwise (mining, re-encoding the index for a swap).
  const inTraining = job.phase === 'training' && job.totalSteps;
  const fraction = job.state !== 'RUNNING' ? null
    : inTraining ? job.step / job.totalSteps : (job.phaseTotal > 0 ? job.phaseDone / job.phaseTotal : null);
  const phaseProgress = job.phaseTotal > 0
    ? ` ${fmtInt(job.phaseDone)} / ${fmtInt(job.phaseTotal)}` + (job.phaseRate ? `, ${fmt(job.phaseRate, 1)}/s` : '')
      + (job.phaseEtaSeconds != null ? `, ETA ${fmtSeconds(job.phaseEtaSeconds)}` : '') : '';
  setChildren($('#training'), 
    el('div', {}, el('span', { id: 'training-state', class: 'state ' + job.state, text: job.state }),
      job.jobId ? el('span', { class: 'muted', text: ' job ' + job.jobId }) : null),
    fraction != null ? el('div', { class: 'progress' }, el('span', { style: `width: ${(100 * fraction).toFixed(1)}%` })) : null,
    job.serving && job.serving.model ? el('div', { id: 'training-serving', class: 'muted', text: 'serving: ' + job.serving.model }) : null,
    job.state === 'IDLE' ? el('div', { class: 'muted', text: 'No training job has run yet.' }) : kv([
      job.phase && job.state === 'RUNNING' ? ['phase', job.phase + phaseProgress] : null,
      ['step', `${fmtInt(job.step)} / ${fmtInt(job.totalSteps)} (epoch ${job.epoch ?? 'n/a'})`],
      job.examplesPerSecond ? ['examples/s', fmt(job.examplesPerSecond, 1)] : null,
      job.etaSeconds && job.state === 'RUNNING' ? ['ETA', fmtSeconds(job.etaSeconds)] : null,
      ['eval before', metrics(evaluation.before)],
      ['eval after', metrics(evaluation.after)],
      job.checkpoint ? ['checkpoint', job.checkpoint] : null,
      job.error ? ['error', job.error] : null,
    ]),
    loss.length >= 2 ? lossChart(loss) : (job.state !== 'IDLE' ? el('div', { class: 'muted', text: 'Loss curve: not enough points yet.' }) : null));
}

async function fetchOptional(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (response.status === 404) return { absent: true };
  if (!response.ok) return { error: response.status + ' ' + response.statusText };
  return { json: await response.json() };
}

let statusTimer = null;
let trainingRunning = false;

async function refreshStatus() {
  clearTimeout(statusTimer);
  let status = null;
  try {
    status = await api('GET', 'api/status');
    renderIngestion(status);
  } catch (error) {
    setChildren($('#ingestion'), el('span', { class: 'state FAILED', text: 'status unavailable: ' + error.message }));
  }
  try {
    const stats = await fetchOptional('actuator/colbert');
    if (stats.json) renderStats(stats.json, status);
    else if (status) renderStoreFallback(status, stats.absent ? 'the actuator endpoint "colbert" is not available in this build' : stats.error);
  } catch (error) {
    if (status) renderStoreFallback(status, error.message);
  }
  try {
    const training = await fetchOptional('actuator/colberttraining');
    trainingRunning = !!training.json && training.json.state === 'RUNNING';
    if (training.json) renderTraining(training.json);
    else setChildren($('#training'), el('div', { id: 'training-disabled', class: 'muted' },
      training.absent ? 'Training disabled: the endpoint appears with colbert.training.enabled=true.' : 'Training status unavailable: ' + training.error));
  } catch (error) {
    setChildren($('#training'), el('div', { class: 'muted', text: 'Training status unavailable: ' + error.message }));
  }
  const busy = trainingRunning || (status && !['READY', 'REUSED', 'DISABLED', 'FAILED'].includes(status.ingestion.state));
  statusTimer = setTimeout(refreshStatus, busy ? 2000 : 10000);
}

// ---------------------------------------------------------------- start

$('#search-form').addEventListener('submit', search);
$('#ask-button').addEventListener('click', ask);
$('#add-form').addEventListener('submit', addDocument);
refreshStatus();
const params = new URLSearchParams(location.search);
if (params.get('q')) {
  $('#q').value = params.get('q');
  if (params.get('k')) $('#k').value = params.get('k');
  if ([...$('#mode').options].some((o) => o.value === params.get('mode'))) $('#mode').value = params.get('mode');
  search();
}
