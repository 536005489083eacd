// Object photos with deep zoom: a thumbnail opens its photo in a full-screen dialog where OpenSeadragon
// loads only the IIIF tiles in view. Without JavaScript (or if the viewer cannot load), the link opens
// the photo itself, as before. Keyboard: the dialog traps focus and Esc closes it; on the photo, the
// arrow keys pan, + and − zoom, 0 fits and R turns (OpenSeadragon's keys); every button is labelled.
const gallery = document.querySelector('[data-photo-viewer]');

if (gallery) {
  const labels = gallery.dataset;
  let library;

  // OpenSeadragon is a classic script that sets window.OpenSeadragon: loaded once, on first use.
  const loadLibrary = () =>
    (library ??= new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = labels.viewerScript;
      script.onload = () => {
        window.OpenSeadragon.setString('Errors.OpenFailed', labels.failed);
        resolve(window.OpenSeadragon);
      };
      script.onerror = () => {
        library = undefined;
        reject(new Error('The viewer could not be loaded.'));
      };
      document.head.append(script);
    }));

  const button = (text, action) => {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = 'secondary';
    element.textContent = text;
    element.addEventListener('click', action);
    return element;
  };

  const open = (link, OpenSeadragon) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'photo-viewer';
    dialog.setAttribute('aria-label', link.dataset.title);
    const tools = document.createElement('div');
    tools.className = 'photo-viewer-tools';
    tools.setAttribute('role', 'toolbar');
    tools.setAttribute('aria-label', labels.tools);
    const stage = document.createElement('div');
    stage.className = 'photo-viewer-stage';
    const keys = document.createElement('p');
    keys.className = 'photo-viewer-keys';
    keys.id = 'photo-viewer-keys';
    keys.textContent = labels.keys;
    dialog.append(tools, stage, keys);
    document.body.append(dialog);
    dialog.showModal();

    const viewer = OpenSeadragon({
      element: stage,
      tileSources: link.dataset.iiif,
      showNavigationControl: false,
      // The 2D canvas: the WebGL drawer falls back to software rendering without a GPU (virtual
      // machines, some phones), many times slower.
      drawer: 'canvas',
      visibilityRatio: 0.5,
      // The server renders 4 images at a time for each client: ask for no more at once, and try a
      // refused tile (503) again rather than leave a hole.
      imageLoaderLimit: 4,
      tileRetryMax: 2,
      tileRetryDelay: 1000,
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
    });
    const zoom = (factor) => {
      viewer.viewport.zoomBy(factor);
      viewer.viewport.applyConstraints();
    };
    tools.append(
      button(labels.zoomIn, () => zoom(1.5)),
      button(labels.zoomOut, () => zoom(1 / 1.5)),
      button(labels.home, () => viewer.viewport.goHome()),
      button(labels.rotate, () => viewer.viewport.setRotation(viewer.viewport.getRotation() + 90)),
      button(labels.close, () => dialog.close()),
    );
    viewer.canvas.setAttribute('aria-label', link.dataset.title);
    viewer.canvas.setAttribute('aria-describedby', keys.id);
    viewer.canvas.focus();
    dialog.addEventListener('close', () => {
      viewer.destroy();
      dialog.remove();
      link.focus();
    });
  };

  for (const link of gallery.querySelectorAll('a[data-iiif]')) {
    link.addEventListener('click', async (event) => {
      // Opening in a new tab or window keeps the plain link.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      try {
        open(link, await loadLibrary());
      } catch {
        window.location.assign(link.href);
      }
    });
  }
}
