// IndexedDB on the phone: the queue's items (with their photo Blobs) and the places downloaded for
// offline use. Survives reloads, restarts and the browser being killed; the queue module sees it as
// a plain storage (all / put / delete).

const DB_NAME = 'egide-field';
const DB_VERSION = 1;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

let opened;
function database() {
  opened ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      req.result.createObjectStore('queue', { keyPath: 'key' });
      req.result.createObjectStore('places', { keyPath: 'scope' });
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opened;
}

async function run(storeName, mode, action) {
  const db = await database();
  const transaction = db.transaction(storeName, mode);
  // A write counts once its transaction is committed, not when the request succeeds.
  const committed = new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  const result = await request(action(transaction.objectStore(storeName)));
  await committed;
  return result;
}

/** The queue's storage. */
export const queueStorage = {
  all: () => run('queue', 'readonly', (store) => store.getAll()),
  put: (item) => run('queue', 'readwrite', (store) => store.put(item)).then(() => undefined),
  delete: (key) => run('queue', 'readwrite', (store) => store.delete(key)).then(() => undefined),
};

/** The places the signed-in person may assess, as last downloaded (`scope` names the person). */
export const placeStore = {
  get: (scope) => run('places', 'readonly', (store) => store.get(scope)),
  put: (scope, places) => run('places', 'readwrite', (store) => store.put({ scope, places, downloadedAt: Date.now() })).then(() => undefined),
};
