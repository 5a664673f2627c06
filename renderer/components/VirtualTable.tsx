import { useVirtualizer } from '@tanstack/react-virtual';
import { useMergedRef } from '@mantine/hooks';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

export interface Column<R> {
  key: string;
  header: string;
  /**
   * A CSS grid track, e.g. `90px` or `minmax(180px, 3fr)`. With several `fr` tracks keep min ÷ fr
   * the same for each (`minmax(140px, 2fr)`, `minmax(105px, 1.5fr)`): the header is sized to its
   * content, where the largest ratio sets every `fr`, and the list would grow wider than the window.
   */
  width: string;
  align?: 'left' | 'right';
  render: (row: R) => ReactNode;
}

export interface VirtualTableProps<R> {
  /** Accessible name of the list. */
  label: string;
  columns: Column<R>[];
  rowCount: number;
  /** The row at an index, or undefined while its page is being fetched. */
  getRow: (index: number) => R | undefined;
  getRowKey?: (row: R, index: number) => string;
  /** Called with the rendered range (overscan included) so the caller can fetch what is missing. */
  onRangeChange?: (start: number, end: number) => void;
  /** Enter or a click on a row (a double click when `openOnClick` is false). */
  onOpen?: (row: R, index: number) => void;
  /** A single click only selects the row; a double click or Enter opens it. Default: true. */
  openOnClick?: boolean;
  /** What Enter does, for screen readers (default: "Piltangenterna flyttar, Enter öppnar."). */
  keyboardHelp?: string;
  /** The active row moved (keyboard or mouse). */
  onActiveChange?: (index: number) => void;
  emptyText?: string;
  rowHeight?: number;
  testId?: string;
  /** Called when the last rows come into view (for lists without a known total). */
  onEndReached?: () => void;
  /** The focusable grid element, e.g. for moving focus from a search field with Arrow Down. */
  gridRef?: Ref<HTMLDivElement>;
}

const HEADER_HEIGHT = 32;

/**
 * A keyboard-driven, virtualized data grid: only the rows on screen are in the DOM, so 200,000
 * rows scroll like 20. The grid itself holds focus; arrow keys, Page Up/Down, Home/End move the
 * active row (announced through aria-activedescendant) and Enter opens it.
 */
export function VirtualTable<R>(props: VirtualTableProps<R>) {
  const { label, columns, rowCount, getRow, getRowKey, onRangeChange, onOpen, emptyText, testId, onEndReached, onActiveChange } = props;
  const openOnClick = props.openOnClick ?? true;
  const rowHeight = props.rowHeight ?? 30;
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const mergedRef = useMergedRef(scrollRef, props.gridRef);
  const idPrefix = useId().replace(/:/g, '');
  const [active, setActive] = useState(0);
  const template = columns.map((c) => c.width).join(' ');

  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 15,
    scrollMargin: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (lastIndex >= 0) onRangeChange?.(firstIndex, lastIndex);
    if (onEndReached && lastIndex >= rowCount - 20) onEndReached();
  }, [firstIndex, lastIndex, rowCount, onRangeChange, onEndReached]);

  // A new list (other filter) starts at its top.
  useEffect(() => {
    setActive((a) => (a >= rowCount ? Math.max(0, rowCount - 1) : a));
  }, [rowCount]);

  useEffect(() => {
    onActiveChange?.(active);
  }, [active, onActiveChange]);

  const moveTo = useCallback(
    (index: number) => {
      if (rowCount === 0) return;
      const next = Math.min(rowCount - 1, Math.max(0, index));
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
    },
    [rowCount, virtualizer],
  );

  const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 300) - HEADER_HEIGHT) / rowHeight) - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    switch (event.key) {
      case 'ArrowDown':
        moveTo(active + 1);
        break;
      case 'ArrowUp':
        moveTo(active - 1);
        break;
      case 'PageDown':
        moveTo(active + pageRows);
        break;
      case 'PageUp':
        moveTo(active - pageRows);
        break;
      case 'Home':
        moveTo(0);
        break;
      case 'End':
        moveTo(rowCount - 1);
        break;
      case 'Enter': {
        const row = getRow(active);
        if (row !== undefined && onOpen) onOpen(row, active);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const rowId = (index: number) => `${idPrefix}-row-${index}`;
  const activeRendered = rowCount > 0 && active >= firstIndex && active <= lastIndex;

  return (
    <div className="vt-wrap">
    <div
      ref={mergedRef}
      className="vt"
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length}
      aria-activedescendant={activeRendered ? rowId(active) : undefined}
      aria-describedby={onOpen ? `${idPrefix}-help` : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid={testId}
    >
      <div role="rowgroup" className="vt-head" style={{ height: HEADER_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="vt-row" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div key={c.key} role="columnheader" className={c.align === 'right' ? 'vt-cell vt-right' : 'vt-cell'}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div role="rowgroup" className="vt-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const row = getRow(item.index);
          const isActive = item.index === active;
          return (
            <div
              key={row !== undefined && getRowKey ? getRowKey(row, item.index) : item.index}
              id={rowId(item.index)}
              role="row"
              aria-rowindex={item.index + 2}
              aria-selected={isActive}
              className={isActive ? 'vt-row vt-data vt-active' : 'vt-row vt-data'}
              data-loading={row === undefined ? 'true' : undefined}
              style={{
                gridTemplateColumns: template,
                height: rowHeight,
                transform: `translateY(${item.start - HEADER_HEIGHT}px)`,
                cursor: onOpen && openOnClick ? 'pointer' : 'default',
              }}
              onMouseDown={() => setActive(item.index)}
              onClick={() => {
                if (openOnClick && row !== undefined && onOpen) onOpen(row, item.index);
              }}
              onDoubleClick={() => {
                if (!openOnClick && row !== undefined && onOpen) onOpen(row, item.index);
              }}
            >
              {columns.map((c, i) => (
                <div key={c.key} role="gridcell" className={c.align === 'right' ? 'vt-cell vt-right' : 'vt-cell'}>
                  {row === undefined ? (i === 0 ? t('common.loading') : '') : c.render(row)}
                </div>
              ))}
            </div>
          );
        })}
      </div>
    </div>
      {onOpen ? (
        <span id={`${idPrefix}-help`} hidden>
          {props.keyboardHelp ?? t('list.keyboardHelp')}
        </span>
      ) : null}
      {rowCount === 0 && emptyText ? <p className="vt-empty">{emptyText}</p> : null}
    </div>
  );
}
