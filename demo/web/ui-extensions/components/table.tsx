import type { TableCellProps, TableElementProps, TableHeaderProps, TableProps } from '@hubspot/ui-extensions';
import { cx, testIdOf } from './base.ts';

export function Table(props: TableProps) {
  const { children, bordered, flush, density, testId } = props;
  return (
    <div className={cx('hs-table-wrap', flush && 'hs-table-wrap--flush')}>
      <table
        {...testIdOf(testId)}
        className={cx(
          'hs-table',
          bordered !== false && 'hs-table--bordered',
          density && `hs-table--${density}`,
        )}
      >
        {children}
      </table>
      {props.paginated === true && (
        <div className="hs-table__pages">
          {Array.from({ length: props.pageCount }, (_, index) => (
            <button
              key={index}
              type="button"
              className={cx('hs-page', props.page === index + 1 && 'hs-page--current')}
              onClick={() => {
                props.onPageChange(index + 1);
              }}
            >
              {index + 1}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

export function TableHead({ children, testId }: TableElementProps) {
  return <thead {...testIdOf(testId)}>{children}</thead>;
}

export function TableBody({ children, testId }: TableElementProps) {
  return <tbody {...testIdOf(testId)}>{children}</tbody>;
}

export function TableFooter({ children, testId }: TableElementProps) {
  return <tfoot {...testIdOf(testId)}>{children}</tfoot>;
}

export function TableRow({ children, testId }: TableElementProps) {
  return <tr {...testIdOf(testId)}>{children}</tr>;
}

export function TableHeader(props: TableHeaderProps) {
  const { children, align, width, testId } = props;
  const sortable = props.sortDirection !== undefined && props.sortDirection !== 'never';
  const onSort = () => {
    if (!('onSortChange' in props) || props.disabled) return;
    props.onSortChange(props.sortDirection === 'ascending' ? 'descending' : 'ascending');
  };
  return (
    <th
      {...testIdOf(testId)}
      style={{ textAlign: align, width: typeof width === 'number' ? width : undefined }}
      onClick={sortable ? onSort : undefined}
      className={cx(sortable && 'hs-th--sortable')}
    >
      {children}
      {sortable && (
        <span className="hs-sort">
          {props.sortDirection === 'ascending' ? ' ▲' : props.sortDirection === 'descending' ? ' ▼' : ' ⇅'}
        </span>
      )}
    </th>
  );
}

export function TableCell({ children, align, width, colSpan, testId }: TableCellProps) {
  return (
    <td
      {...testIdOf(testId)}
      colSpan={colSpan}
      style={{ textAlign: align, width: typeof width === 'number' ? width : undefined }}
    >
      {children}
    </td>
  );
}
