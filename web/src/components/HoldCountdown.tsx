import { useEffect, useState } from 'react';

/** How long the stock stays held: a timer the shopper can see, not one a screen reader reads every second. */
export function HoldCountdown({ expiresAt }: { expiresAt: string }) {
  const deadline = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((deadline - now) / 1000));
  const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  return (
    <p className="hold">
      Your items are held for{' '}
      <span role="timer" aria-live="off">
        {text}
      </span>{' '}
      more (until {new Date(deadline).toLocaleTimeString()}).
    </p>
  );
}
