// Typed work is never lost (issue 13, point 2). Every form marked data-draft keeps what is typed in
// this tab's sessionStorage (gone when the tab closes, cleared at sign-out), keyed by the form's
// action. When the page is shown again without it (the session expired and the user signed in
// again, the tab reloaded, the form token went stale) the values are put back and a notice says so.
// A successful save (the next page carries an "ok" message) removes the draft. Without JavaScript
// the forms work as before; the server still re-renders a refused form with what was typed.
(() => {
  const PREFIX = 'kc-draft:';
  const PENDING = 'kc-draft-pending';
  let storage;
  try {
    storage = window.sessionStorage;
    storage.getItem(PENDING);
  } catch {
    return; // storage disabled: nothing to keep
  }
  const keyOf = (form) => PREFIX + form.getAttribute('action') + '#' + form.dataset.draft;
  const kept = (el) => el.name && el.name !== '_csrf' && !['hidden', 'password', 'submit', 'button', 'file'].includes(el.type);

  function read(form) {
    const out = {};
    for (const el of form.elements) {
      if (!kept(el)) continue;
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (el.checked) out[el.name] = [el.value];
        continue;
      }
      (out[el.name] ??= []).push(el.value);
    }
    return out;
  }

  function write(form, values) {
    let changed = false;
    const seen = {};
    for (const el of form.elements) {
      if (!kept(el) || el.disabled || !(el.name in values)) continue;
      const want = values[el.name];
      if (el.type === 'radio' || el.type === 'checkbox') {
        const on = want.includes(el.value);
        if (el.checked !== on) {
          el.checked = on;
          changed = true;
        }
        continue;
      }
      const i = (seen[el.name] = (seen[el.name] ?? -1) + 1);
      if (want[i] !== undefined && want[i] !== el.value) {
        el.value = want[i];
        changed = true;
      }
    }
    return changed;
  }

  function notice(form, key) {
    const p = document.createElement('p');
    p.className = 'flash draft';
    p.setAttribute('role', 'status');
    p.textContent = document.body.dataset.draftRestored + ' ';
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'link';
    discard.textContent = document.body.dataset.draftDiscard;
    discard.addEventListener('click', () => {
      storage.removeItem(key);
      form.reset(); // back to what the server showed
      p.remove();
    });
    p.append(discard);
    form.prepend(p);
  }

  document.addEventListener('DOMContentLoaded', () => {
    const pending = storage.getItem(PENDING);
    if (pending && location.pathname !== '/login') {
      storage.removeItem(PENDING);
      if (document.body.dataset.flash === 'ok') storage.removeItem(pending);
    }
    for (const form of document.querySelectorAll('form[data-draft]')) {
      const key = keyOf(form);
      const saved = storage.getItem(key);
      if (saved) {
        try {
          if (write(form, JSON.parse(saved))) notice(form, key);
        } catch {
          storage.removeItem(key);
        }
      }
      const save = () => storage.setItem(key, JSON.stringify(read(form)));
      form.addEventListener('input', save);
      form.addEventListener('change', save);
      form.addEventListener('submit', (e) => {
        // A button posting elsewhere (inserting a template) returns the text itself: no draft to keep.
        const other = e.submitter?.getAttribute('formaction');
        if (other) {
          storage.removeItem(key);
          return;
        }
        save();
        storage.setItem(PENDING, key);
      });
    }
    // Signing out ends the drafts too (a shared office computer).
    for (const out of document.querySelectorAll('form[action="/logout"]')) {
      out.addEventListener('submit', () => {
        for (const k of Object.keys(storage)) if (k.startsWith(PREFIX) || k === PENDING) storage.removeItem(k);
      });
    }
  });
})();
