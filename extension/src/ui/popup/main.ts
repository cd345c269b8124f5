import '../components/host-status.ts';
import '../components/protection-panel.ts';
import '../components/privacy-switches.ts';

document.getElementById('open-dashboard')?.addEventListener('click', async () => {
  const win = await chrome.windows.getCurrent();
  if (win.id !== undefined) await chrome.sidePanel.open({ windowId: win.id });
  window.close();
});
