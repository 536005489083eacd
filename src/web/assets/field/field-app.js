// The field app on the phone (/{lang}/field): installs the service worker, keeps the places for
// offline use, turns the assessment form into items of the queue (IndexedDB) and sends them when the
// network allows. Without this script the form posts to the server as any other form.
import { FieldQueue, httpSender } from './field-queue.js';
import { placeStore, queueStorage } from './field-idb.js';

const root = document.querySelector('[data-field-app]');
let retryTimer;
const form = root?.querySelector('[data-field-form]');

/** A message of the page's language, its `{placeholders}` filled, `one|other` chosen by `count`. */
function message(key, params = {}) {
  const text = messages[key] ?? key;
  const bar = text.indexOf('|');
  const chosen = bar < 0 ? text : new Intl.PluralRules(document.documentElement.lang).select(params.count) === 'one' ? text.slice(0, bar) : text.slice(bar + 1);
  return chosen.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

const messages = root ? JSON.parse(root.dataset.messages) : {};
const labels = root ? JSON.parse(root.dataset.labels) : {};
const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const element = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
};

if (root && form) {
  registerWorker();
  showNetwork();
  const queue = new FieldQueue({
    storage: queueStorage,
    send: httpSender({ headers: () => ({ 'X-CSRF-Token': form.querySelector('input[name="_csrf"]').value }) }),
    onChange: () => void renderQueue(queue),
  });
  const photos = enhanceForm(queue);
  enhanceSearch();
  void loadPlaces();
  void renderQueue(queue);
  // On load the session may be a new one (signed in again): items waiting for it are tried too.
  void send(queue, true);
  addEventListener('online', () => void send(queue, true));
  root.querySelector('[data-field-send]').addEventListener('click', () => void send(queue, true));
  root.querySelector('[data-field-queue-items]').addEventListener('click', (event) => void queueAction(event, queue, photos));
}

function registerWorker() {
  if (!('serviceWorker' in navigator)) return;
  // One registration per language's page: each scope is that page (and what is under it) only, so
  // the worker never stands between the phone and the rest of the site.
  for (const scope of JSON.parse(root.dataset.scopes)) navigator.serviceWorker.register(root.dataset.worker, { scope, type: 'classic' }).catch(() => {});
}

function showNetwork() {
  const status = root.querySelector('[data-field-network]');
  const update = () => {
    status.hidden = false;
    status.textContent = message(navigator.onLine ? 'network.online' : 'network.offline');
    status.classList.toggle('offline', !navigator.onLine);
  };
  update();
  addEventListener('online', update);
  addEventListener('offline', update);
}

/**
 * Sends what is due; one tab at a time (Web Locks) so two open pages never send the same item
 * together. Not while the phone says it has no network: the `online` event comes when it has.
 */
async function send(queue, force = false) {
  clearTimeout(retryTimer);
  if (!navigator.onLine) return;
  const run = () => queue.drain({ force });
  await (navigator.locks ? navigator.locks.request('egide-field-queue', run) : run());
  const next = await queue.nextAttemptAt();
  if (next !== undefined) retryTimer = setTimeout(() => void send(queue), Math.max(0, next - Date.now()));
}

// --- places ---------------------------------------------------------------------------------------

/** Downloads the places when online and keeps them on the phone; shows the phone's copy otherwise. */
async function loadPlaces() {
  const scope = `${root.dataset.user}:${document.documentElement.lang}`;
  let places;
  try {
    if (!navigator.onLine) throw new Error('offline');
    const response = await fetch(root.dataset.placesUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    places = (await response.json()).items;
    await placeStore.put(scope, places);
  } catch {
    const stored = await placeStore.get(scope).catch(() => undefined);
    if (!stored) return; // Nothing downloaded yet: the page's own list is all there is.
    places = stored.places;
    root.querySelector('[data-field-places-status]').dataset.downloaded = message('places.downloaded', { date: new Date(stored.downloadedAt).toLocaleString(document.documentElement.lang) });
  }
  renderPlaces(places);
}

function renderPlaces(places) {
  const list = root.querySelector('[data-field-places]');
  const select = form.querySelector('select[name="place"]');
  const chosen = select.value || new URLSearchParams(location.search).get('place') || '';
  list.replaceChildren(
    ...places.map((place) => {
      const kind = labels.kind[place.kind] ?? place.kind;
      const condition = place.latestCondition ? (labels.condition[place.latestCondition] ?? place.latestCondition) : message('places.noAssessment');
      const item = element('li', { class: 'field-place', 'data-field-place': '', 'data-search': fold(`${place.name} ${kind} ${place.countryName}`) }, element('strong', {}, place.name), element('span', {}, `${kind} · ${place.countryName} · ${condition}`));
      if (place.position) item.append(element('span', { class: 'hint' }, message('places.position', { lat: place.position.lat.toFixed(5), lon: place.position.lon.toFixed(5) })));
      item.append(element('a', { href: `?place=${encodeURIComponent(place.id)}#assessment` }, message('places.assess')));
      return item;
    }),
  );
  const first = select.options[0];
  select.replaceChildren(first, ...places.map((place) => element('option', { value: place.id, 'data-version': String(place.version) }, place.name)));
  select.value = chosen;
  filterPlaces();
}

function enhanceSearch() {
  const search = root.querySelector('[data-field-search]');
  const input = search.querySelector('input[name="q"]');
  // Filtered as one types, on the phone's copy: no round trip, and it works offline.
  search.addEventListener('submit', (event) => {
    event.preventDefault();
    filterPlaces();
  });
  input.addEventListener('input', filterPlaces);
  // "Assess" links stay on the page: the place is chosen in the form, no navigation needed offline.
  root.querySelector('[data-field-places]').addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="?place="]');
    if (!link) return;
    event.preventDefault();
    form.querySelector('select[name="place"]').value = new URLSearchParams(link.getAttribute('href').slice(1)).get('place');
    document.getElementById('assessment').focus();
  });
}

function filterPlaces() {
  const words = fold(root.querySelector('[data-field-search] input[name="q"]').value).split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const item of root.querySelectorAll('[data-field-place]')) {
    item.hidden = !words.every((word) => item.dataset.search.includes(word));
    if (!item.hidden) shown += 1;
  }
  const status = root.querySelector('[data-field-places-status]');
  status.textContent = [message('places.count', { count: shown }), status.dataset.downloaded].filter(Boolean).join(' ');
}

// --- the form -------------------------------------------------------------------------------------

/** The form sends to the queue; photos are gathered one shot at a time, each with its position. */
function enhanceForm(queue) {
  const photos = { items: [], position: undefined, editing: undefined, setThreats: undefined };
  const input = form.querySelector('input[name="photos"]');
  const thumbnails = form.querySelector('[data-field-thumbnails]');
  const status = form.querySelector('[data-field-form-status]');
  photos.setThreats = enhanceThreats();
  // Checked before an item is queued, not only by the server once the network is back.
  for (const name of ['assessedOn', 'phase', 'condition', 'damageExtent', 'priority']) form.elements.namedItem(name).required = true;
  enhancePosition(photos, thumbnails);

  input.addEventListener('change', () => {
    // Phones take one photo per camera opening: each choice adds to the photos rather than replacing them.
    for (const file of input.files) photos.items.push({ file, position: photos.position });
    input.value = '';
    void renderThumbnails(photos, thumbnails);
  });
  thumbnails.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-index]');
    if (!button) return;
    photos.items.splice(Number(button.dataset.index), 1);
    void renderThumbnails(photos, thumbnails);
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const select = form.querySelector('select[name="place"]');
    const option = select.selectedOptions[0];
    const submission = submissionOf(photos);
    if (photos.editing) await queue.edit(photos.editing.key, { ...submission, photoPositions: photos.editing.photoPositions });
    else {
      await queue.enqueue({
        placeId: select.value,
        placeName: option?.textContent ?? '',
        placeVersion: option?.dataset.version ? Number(option.dataset.version) : undefined,
        submission,
        photos: photos.items.map(({ file }) => ({ name: file.name, blob: new Blob([file], { type: file.type }) })),
      });
    }
    form.reset();
    photos.setThreats([]);
    photos.items = [];
    photos.editing = undefined;
    await renderThumbnails(photos, thumbnails);
    status.hidden = false;
    status.textContent = message('form.queued');
    root.querySelector('[data-field-queue]').scrollIntoView();
    await send(queue, true);
  });
  return photos;
}

function submissionOf(photos) {
  const value = (name) => form.elements.namedItem(name).value.trim();
  const threats = [...form.querySelectorAll('input[name^="threats."][name$=".type"]')]
    .map((input) => input.closest('.row'))
    .map((row) => ({ category: row.querySelector('select[name$=".category"]').value, type: row.querySelector('input[name$=".type"]').value.trim(), probability: row.querySelector('select[name$=".probability"]').value }))
    // As the server reads the form sent without JavaScript (places/heritage-place.form.ts).
    .filter((threat) => threat.type !== '');
  const notes = value('notes');
  return {
    assessedOn: value('assessedOn'),
    phase: value('phase'),
    condition: value('condition'),
    damageExtent: value('damageExtent'),
    threats,
    recommendation: value('recommendation'),
    priority: value('priority'),
    ...(notes ? { notes } : {}),
    photoPositions: photos.items.map(({ position }) => position ?? null),
  };
}

/**
 * Threat rows (the shared form's three): empty ones beyond the first are hidden, "add" shows the
 * next, "remove" empties and hides one. A row counts once its "what" is filled, as on the server.
 */
function enhanceThreats() {
  const rows = [...form.querySelectorAll('input[name^="threats."][name$=".type"]')].map((input) => input.closest('.row'));
  const add = form.querySelector('[data-field-add-threat]');
  rows.at(-1).after(add);
  const update = () => (add.hidden = rows.every((row) => !row.hidden));
  const fill = (row, threat) => {
    row.querySelector('input[name$=".type"]').value = threat?.type ?? '';
    if (threat) row.querySelector('select[name$=".category"]').value = threat.category;
    if (threat) row.querySelector('select[name$=".probability"]').value = threat.probability;
  };
  rows.forEach((row, index) => {
    row.hidden = index > 0 && !row.querySelector('input[name$=".type"]').value;
    const remove = element('button', { type: 'button', class: 'secondary' }, message('form.threat.remove'));
    remove.addEventListener('click', () => {
      fill(row, undefined);
      if (rows.filter((other) => !other.hidden).length > 1) row.hidden = true;
      update();
    });
    row.append(remove);
  });
  add.addEventListener('click', () => {
    const next = rows.find((row) => row.hidden);
    if (!next) return;
    next.hidden = false;
    next.querySelector('input').focus();
    update();
  });
  update();
  /** Shows the threats of a submission taken back for editing. */
  return (threats) => {
    rows.forEach((row, index) => {
      fill(row, threats[index]);
      row.hidden = index > 0 && !threats[index];
    });
    update();
  };
}

function enhancePosition(photos, thumbnails) {
  if (!('geolocation' in navigator)) return;
  const box = form.querySelector('[data-field-position]');
  const shown = box.querySelector('[data-field-position-value]');
  box.hidden = false;
  box.querySelector('[data-field-locate]').addEventListener('click', () => {
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        photos.position = { lat: Number(coords.latitude.toFixed(6)), lon: Number(coords.longitude.toFixed(6)) };
        // Photos chosen before the position was known were taken here too.
        for (const photo of photos.items) photo.position ??= photos.position;
        shown.textContent = message('form.position.value', { lat: photos.position.lat, lon: photos.position.lon, accuracy: Math.round(coords.accuracy) });
        void renderThumbnails(photos, thumbnails);
      },
      () => (shown.textContent = message('form.position.denied')),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  });
}

/** Small previews as data: URLs (the page's policy allows no blob: images), each with its position state. */
async function renderThumbnails(photos, list) {
  const items = await Promise.all(
    photos.items.map(async ({ file, position }, index) => {
      const item = element('li');
      try {
        item.append(element('img', { src: await thumbnail(file), alt: file.name, width: '96', height: '96' }));
      } catch {
        item.append(element('p', { class: 'field-error' }, message('form.error.photo', { name: file.name })));
      }
      item.append(element('span', { class: 'hint' }, message(position ? 'form.photos.positioned' : 'form.photos.unpositioned')));
      item.append(element('button', { type: 'button', class: 'secondary', 'data-index': String(index), 'aria-label': `${message('queue.discard')}: ${file.name}` }, message('queue.discard')));
      return item;
    }),
  );
  list.replaceChildren(...items);
}

async function thumbnail(blob) {
  const bitmap = await createImageBitmap(blob);
  const scale = 192 / Math.max(bitmap.width, bitmap.height);
  const canvas = element('canvas', { width: String(Math.max(1, Math.round(bitmap.width * scale))), height: String(Math.max(1, Math.round(bitmap.height * scale))) });
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.7);
}

// --- the queue ------------------------------------------------------------------------------------

let renderedQueue = '';
/** Re-rendered only when something changed: a button replaced under the finger would lose its click. */
async function renderQueue(queue) {
  const items = await queue.list();
  const signature = JSON.stringify(items.map(({ key, state, reason, result }) => [key, state, reason, result]));
  if (signature === renderedQueue) return;
  renderedQueue = signature;
  const section = root.querySelector('[data-field-queue]');
  section.hidden = false;
  root.querySelector('[data-field-queue-empty]').hidden = items.length > 0;
  root.querySelector('[data-field-sign-in]').hidden = !items.some((item) => item.state === 'sign-in');
  root.querySelector('[data-field-send]').hidden = !items.some((item) => item.state !== 'sent');
  root.querySelector('[data-field-queue-items]').replaceChildren(...items.reverse().map(queueItem));
}

function queueItem(item) {
  const li = element('li', { class: `field-queued ${item.state}`, 'data-key': item.key, 'data-state': item.state });
  li.append(element('strong', {}, item.placeName || item.placeId), element('span', {}, `${item.submission.assessedOn} · ${message('queue.photos', { count: item.submission.photoPositions?.length ?? 0 })}`));
  li.append(element('p', { class: 'field-queued-state' }, message(`queue.state.${item.state}`)));
  if (item.reason && item.state !== 'sent') li.append(element('p', { class: item.state === 'failed' ? 'field-error' : 'hint' }, item.reason));
  if (item.state === 'sent') {
    const anchor = item.result?.assessmentId ? `#assessment-${item.result.assessmentId}` : '';
    li.append(element('a', { href: `${root.dataset.placePage}${encodeURIComponent(item.placeId)}${anchor}` }, message('queue.open')));
    if (item.result?.conflict) li.append(element('p', { class: 'notice' }, message('queue.conflict')));
    for (const warning of item.result?.warnings ?? []) li.append(element('p', { class: 'hint' }, warning));
  } else if (item.state !== 'sending') {
    if (item.state === 'failed') li.append(element('button', { type: 'button', class: 'secondary', 'data-action': 'edit' }, message('queue.edit')));
    li.append(element('button', { type: 'button', class: 'secondary', 'data-action': 'discard' }, message('queue.discard')));
  }
  return li;
}

async function queueAction(event, queue, photos) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const key = button.closest('[data-key]').dataset.key;
  if (button.dataset.action === 'discard') {
    if (confirm(message('queue.discardConfirm'))) await queue.discard(key);
    return;
  }
  // Edit: the form takes the refused submission back; its photos stay with the item.
  const item = (await queue.list()).find((candidate) => candidate.key === key);
  if (!item) return;
  const { submission } = item;
  form.querySelector('select[name="place"]').value = item.placeId;
  for (const name of ['assessedOn', 'phase', 'condition', 'damageExtent', 'recommendation', 'priority', 'notes']) form.elements.namedItem(name).value = submission[name] ?? '';
  photos.setThreats(submission.threats);
  photos.editing = { key, photoPositions: submission.photoPositions ?? [] };
  photos.items = [];
  document.getElementById('assessment').focus();
}
