import { useEffect, useState } from 'preact/hooks';

/**
 * Whether the page is on screen (`document.visibilityState === 'visible'`): a message counts as read only
 * while it is. Follows visibilitychange (another tab, a minimised window, a locked screen).
 */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', onChange);
    onChange(); // it may have changed between the first render and now
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);
  return visible;
}
