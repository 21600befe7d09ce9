import { useSearchParams } from 'react-router';

import { EstimatorWidget } from '../../features/estimator/components/estimator-widget';
import { prefillFromSearch } from '../../features/estimator/utils/oversize-prefill';

export default function EstimatorPage() {
  const [params] = useSearchParams();
  const prefill = prefillFromSearch(params);
  const route = params.get('route');
  const note =
    prefill.payloadSize !== undefined
      ? `The payload size is pre-filled with the largest body ${route ? `route ${route}` : 'the route'} accepted (${prefill.payloadSize} ${prefill.payloadUnit ?? 'MB'}) in a payload.oversize_accepted finding.`
      : undefined;
  return (
    <div>
      <h1 className="visually-hidden">Estimator</h1>
      <EstimatorWidget key={params.toString()} initialValues={prefill} prefillNote={note} />
    </div>
  );
}
