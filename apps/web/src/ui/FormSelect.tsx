import { Select, type SelectProps } from 'antd';
import { useEffect, useRef, type ComponentRef, type Ref } from 'react';

type SelectRef = ComponentRef<typeof Select>;

/**
 * antd's Select inside a required Form.Item. The item hands the select `aria-required`, which the select
 * puts on its combobox input (right) and on its wrapper div (a div without a role may not carry it, and
 * axe counts that as critical): the wrapper's copy is taken off, the combobox keeps its own. The item's
 * own ref (it scrolls to the field with it) still reaches the select.
 */
export function FormSelect({ ref: itemRef, ...props }: SelectProps & { ref?: Ref<SelectRef> }) {
  const own = useRef<SelectRef | null>(null);
  useEffect(() => {
    own.current?.nativeElement?.removeAttribute('aria-required');
  });
  const setRef = (select: SelectRef | null) => {
    own.current = select;
    if (typeof itemRef === 'function') itemRef(select);
    else if (itemRef) itemRef.current = select;
  };
  return <Select {...props} ref={setRef} />;
}
