import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';

import { ChartFrame } from '../../../components/chart-frame';
import type { GrowthPoint } from '../utils/to-growth-series';

/** Raw and stored volume by day. Gets ready-made points; never computes them. */
export default function GrowthChart({ points }: { points: GrowthPoint[] }) {
  return (
    <ChartFrame>
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="day" label={{ value: 'day', position: 'insideBottomRight', offset: -4 }} />
        <YAxis unit=" GB" width={80} />
        <Tooltip
          formatter={(value) => `${String(value)} GB`}
          labelFormatter={(day) => `Day ${Number(day)}`}
        />
        <Legend itemSorter={null} />
        <Line
          isAnimationActive={false}
          type="monotone"
          dataKey="rawGb"
          name="Raw incoming"
          stroke="#2457c5"
          dot={false}
        />
        <Line
          isAnimationActive={false}
          type="monotone"
          dataKey="storedGb"
          name="Stored growth"
          stroke="#b42318"
          dot={false}
        />
      </LineChart>
    </ChartFrame>
  );
}
