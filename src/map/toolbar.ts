/** The map's corner toolbar: Pan/Lasso toggle, Fit, zoom in/out. */
import { el } from './dom.ts';

export interface ToolbarHandlers {
  onLassoToggle(on: boolean): void;
  onFit(): void;
  onZoom(factor: number): void;
}

export interface Toolbar {
  setLasso(on: boolean): void;
  readonly element: HTMLDivElement;
}

export function createToolbar(parent: HTMLElement, h: ToolbarHandlers): Toolbar {
  const root = el('div', {
    position: 'absolute', top: '8px', right: '8px', zIndex: '5', display: 'flex', gap: '4px',
    background: 'rgba(255,255,255,0.92)', border: '1px solid #d0d0d0', borderRadius: '6px', padding: '3px',
  });
  root.setAttribute('role', 'toolbar');
  root.setAttribute('aria-label', 'Map tools');
  const button = (text: string, label: string, testid: string, onClick: () => void) => {
    const b = el('button', {
      font: '12px system-ui, sans-serif', minWidth: '28px', height: '26px', padding: '0 7px', cursor: 'pointer',
      border: '1px solid transparent', borderRadius: '4px', background: 'transparent', color: '#222',
    }, text);
    b.type = 'button';
    b.title = label;
    b.setAttribute('aria-label', label);
    b.dataset.testid = testid;
    b.addEventListener('click', onClick);
    root.append(b);
    return b;
  };
  let lasso = false;
  const lassoBtn = button('Lasso', 'Lasso select (or hold Shift/Alt and drag)', 'lasso-mode', () => {
    setLasso(!lasso);
    h.onLassoToggle(lasso);
  });
  button('Fit', 'Fit the whole map', 'fit-view', h.onFit);
  button('+', 'Zoom in', 'zoom-in', () => h.onZoom(1.5));
  button('\u2212', 'Zoom out', 'zoom-out', () => h.onZoom(1 / 1.5));
  function setLasso(on: boolean) {
    lasso = on;
    lassoBtn.setAttribute('aria-pressed', String(on));
    lassoBtn.style.background = on ? '#1f6feb' : 'transparent';
    lassoBtn.style.color = on ? '#fff' : '#222';
  }
  setLasso(false);
  parent.append(root);
  return { element: root, setLasso };
}
