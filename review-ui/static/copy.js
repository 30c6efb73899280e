// Copy-to-clipboard for response texts. Optional: without JavaScript the text stays selectable
// in its textarea and downloadable as plain text, so the button is hidden until this runs.
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const target = document.getElementById(button.getAttribute('data-copy'));
    if (!target || !navigator.clipboard) continue;
    button.hidden = false;
    const label = button.textContent;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(target.value ?? target.textContent);
        button.textContent = '✓ ' + label;
      } catch {
        target.select();
      }
      setTimeout(() => (button.textContent = label), 2000);
    });
  }
});
