import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/**
 * A chart that fills its box. The initial size is used until the box is measured (and, in
 * component tests, where nothing is laid out).
 */
export function ChartFrame({
  children,
  height = 240,
}: {
  children: ReactElement;
  height?: number;
}) {
  return (
    <div className="chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 640, height }}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}
