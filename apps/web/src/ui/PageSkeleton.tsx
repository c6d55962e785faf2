import { Card, Skeleton } from 'antd';

/** Loading: the page's shape in grey, not a spinner over a blank page. */
export function PageSkeleton({ rows = 6 }: { rows?: number }) {
  return (
    <Card>
      <Skeleton active paragraph={{ rows }} />
    </Card>
  );
}
