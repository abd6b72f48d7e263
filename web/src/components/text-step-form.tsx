// A step that takes one required text and a button: a candidate's resubmission (what changed) and appeal
// (the reason). The field's name is what the API's body calls it, so the form's id and label stay stable.
import { Button, Form, Input } from 'antd';
import type { ReactNode } from 'react';

export function TextStepForm(props: {
  name: string;
  field: string;
  label: string;
  button: string;
  busy: boolean;
  onSubmit: (text: string) => void;
  children?: ReactNode;
}) {
  const [form] = Form.useForm<Record<string, string>>();
  return (
    <Form name={props.name} form={form} layout="vertical">
      {props.children}
      <Form.Item name={props.field} label={props.label} rules={[{ required: true, whitespace: true }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Button type="primary" loading={props.busy} onClick={() => void form.validateFields().then((v) => props.onSubmit(v[props.field]!))}>
        {props.button}
      </Button>
    </Form>
  );
}
