/** Back-office dashboard. */
export default function Dashboard() {
  return <h1>Back office</h1>;
}
