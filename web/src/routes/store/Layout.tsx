import { Outlet } from 'react-router';

/** Storefront shell: header, main content, footer. */
export default function Layout() {
  return (
    <main className="container">
      <Outlet />
    </main>
  );
}
