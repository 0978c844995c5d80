//! The interactive form's field tree (ISO 32000-1 §12.7.3), read without recursion.

use std::collections::HashSet;

use super::object::{Dict, ObjRef, Object};
use super::Pdf;

/// A node of the field tree: a field, or a widget of one.
#[derive(Clone, Debug)]
pub struct FormField {
    /// Its object, when indirect.
    pub reference: Option<ObjRef>,
    /// Its dictionary.
    pub dict: Dict,
    /// Its fully qualified name: the partial names (/T) from the root down, joined with '.'
    /// (a widget without /T has its field's name).
    pub name: String,
}

impl Pdf<'_> {
    /// Every node of the catalog's /AcroForm /Fields tree, loops and repeated nodes skipped, at
    /// most `max_objects` visited; empty without a form.
    pub fn form_fields(&mut self) -> Vec<FormField> {
        let mut out = Vec::new();
        let root = self.trailer().get(b"Root").cloned().unwrap_or(Object::Null);
        let fields = self
            .resolve(&root)
            .ok()
            .and_then(|c| c.dict().and_then(|d| d.get(b"AcroForm")).cloned())
            .and_then(|f| self.resolve(&f).ok())
            .and_then(|f| f.dict().and_then(|d| d.get(b"Fields")).cloned())
            .and_then(|f| self.resolve(&f).ok());
        let Some(Object::Array(top)) = fields else {
            return out;
        };
        let mut stack: Vec<(Object, String)> =
            top.into_iter().rev().map(|i| (i, String::new())).collect();
        let mut seen: HashSet<ObjRef> = HashSet::new();
        let mut budget = self.limits().max_objects;
        while let Some((node, prefix)) = stack.pop() {
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            let reference = match &node {
                Object::Ref(r) if !seen.insert(*r) => continue,
                Object::Ref(r) => Some(*r),
                _ => None,
            };
            let Some(dict) = self.resolve(&node).ok().and_then(|o| o.dict().cloned()) else {
                continue;
            };
            let name = match dict.get(b"T") {
                Some(Object::String(t)) => {
                    let t = super::text_string(t);
                    if prefix.is_empty() {
                        t
                    } else {
                        format!("{prefix}.{t}")
                    }
                }
                _ => prefix,
            };
            if let Some(Object::Array(kids)) = dict.get(b"Kids").and_then(|k| self.resolve(k).ok())
            {
                stack.extend(kids.into_iter().rev().map(|k| (k, name.clone())));
            }
            out.push(FormField {
                reference,
                dict,
                name,
            });
        }
        out
    }
}
