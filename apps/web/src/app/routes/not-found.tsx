import { Link } from 'react-router';
import { paths } from '../../config/paths';

export default function NotFoundPage() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link to={paths.targets}>Go to your targets</Link>.
      </p>
    </section>
  );
}
