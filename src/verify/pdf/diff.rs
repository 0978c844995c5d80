//! What changed after a signed revision, judged as a whitelist on the merged view.
//!
//! A viewer shows the *merged* document: every cross-reference section of every update (a
//! `/Prev` chain inside one update, a hybrid file's `/XRefStm`, object-stream members), the last
//! definition of each object and the last trailer. So the signed revision (the file's prefix up
//! to the signed range's end) and the whole file are each read that way, and compared object
//! number by object number and trailer key by trailer key. Every difference must be justified
//! by a rule that names the object's **role in the signed revision** — found by walking that
//! revision from its trailer: its catalog, `/Info`, XMP `/Metadata`, page tree and pages with
//! their `/Annots`, the AcroForm with its fields, widgets and their appearances, the DSS — or be
//! an object the signed revision did not use ("free"), reached in the file only through
//! references that a justified change grants. An object reached in the signed revision in any
//! way no rule understands has the role *other*, which allows no change at all; an object with
//! several roles must satisfy every one. Nothing the object says of itself (`/Type`) and nothing
//! the new trailer claims justifies anything. Ambiguity — a repeated key in a changed object, an
//! object that cannot be read on either side, a number defined twice in one update, a trailer
//! that names another catalog — is a difference that no rule justifies.
//!
//! The walk reads each object of the signed revision once, and only objects whose definition
//! differs are read again: the analysis is linear in the file.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use super::{is_signature_dict, timestamp_only, FieldLock};
use crate::container::pdf::{Dict, ObjRef, Object, Pdf, XrefEntry};
use crate::report::{
    CheckResult, Modification, ModificationLevel as L, SignatureReport, SubIndication,
};
use crate::verify::VerifyOptions;

/// A role an object of the signed revision plays, named by where that revision refers to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Role {
    Catalog,
    Info,
    /// A node of the page tree (a page when its `/Type` in the signed revision is `/Page`).
    PageNode,
    /// An indirect `/Annots` array of this page.
    AnnotsArray(u32),
    /// An annotation in this page's `/Annots`.
    Annot(u32),
    AcroForm,
    /// An indirect `/Fields` array.
    FieldsArray,
    /// A node of the field tree (a field or a widget).
    Field,
    /// An indirect appearance dictionary of this field or widget.
    ApDict(u32),
    /// An appearance stream of this field or widget.
    Appearance(u32),
    /// The catalog's XMP metadata stream.
    Metadata,
    Dss(DssPart),
    /// Reached in a way no rule understands: may not change.
    Other,
}

impl Role {
    /// A part of the document's structure, which references from elsewhere only navigate to.
    fn structural(&self) -> bool {
        matches!(
            self,
            // Arrays are not: an array used also as, say, page content must not grow.
            Self::Catalog | Self::PageNode | Self::Annot(_) | Self::AcroForm | Self::Field
        )
    }
}

/// A part of a DSS (PAdES, ETSI EN 319 142-1 §5.4.2) held in an object of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum DssPart {
    Dss,
    Vri,
    VriEntry,
    /// An array of certificate, CRL or OCSP streams.
    List,
}

/// One object number's definition in a merged view.
#[derive(Clone, Debug)]
enum Def {
    Absent,
    Unreadable,
    Obj(ObjRef, Object),
}

impl Def {
    fn read(pdf: &mut Pdf<'_>, num: u32) -> Self {
        match pdf.fetch(num) {
            Ok(None) => Self::Absent,
            Ok(Some((id, o))) => Self::Obj(id, o),
            Err(_) => Self::Unreadable,
        }
    }

    fn object(&self) -> Option<&Object> {
        match self {
            Self::Obj(_, o) => Some(o),
            _ => None,
        }
    }
}

/// What a justified change lets the file bring in: a free object it now refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grant {
    /// Validation data, the document information, XMP metadata.
    Lta,
    /// A field's new value or appearance (form filling, already judged).
    FormValue,
    /// An entry added to a page's `/Annots` (the page's number) or to the form's `/Fields`:
    /// judged by what it is — a signature part, or an annotation.
    Entry(Option<u32>),
    /// A container of such entries (a new `/Annots` array of this page, or `/Fields`): nothing
    /// of its own; its items are entries.
    Container(Option<u32>),
    /// Part of an object brought in (its appearance, font, value…): judged with it.
    Part(L, bool),
}

/// The judgement of one change.
struct Verdict {
    allowed: bool,
    level: L,
    what: String,
    grants: Vec<(u32, Grant)>,
}

impl Verdict {
    fn ok(level: L, what: impl Into<String>) -> Self {
        Self {
            allowed: true,
            level,
            what: what.into(),
            grants: Vec::new(),
        }
    }

    fn no(what: impl Into<String>) -> Self {
        Self {
            allowed: false,
            level: L::Other,
            what: what.into(),
            grants: Vec::new(),
        }
    }

    fn granting(mut self, grants: impl IntoIterator<Item = (u32, Grant)>) -> Self {
        self.grants.extend(grants);
        self
    }
}

/// The signed revision read as a viewer reads it: each reachable object's definition and roles.
struct Signed {
    defs: HashMap<u32, Def>,
    roles: HashMap<u32, Vec<Role>>,
    /// The walk stopped at [`Limits::max_objects`](crate::Limits): roles beyond are unknown.
    exhausted: bool,
}

/// The most roles one object keeps before it counts as *other*.
const MAX_ROLES: usize = 16;

impl Signed {
    /// Walks the signed revision from its trailer (iteratively, each (object, role) once).
    fn walk(old: &mut Pdf<'_>, options: &VerifyOptions<'_>) -> Self {
        let mut s = Self {
            defs: HashMap::new(),
            roles: HashMap::new(),
            exhausted: false,
        };
        let mut work: Vec<(u32, Role)> = Vec::new();
        let trailer = old.trailer().clone();
        // Only what viewers read of the trailer gives roles (a writer's own keys, such as
        // /AdditionalStreams, are read by none).
        for (key, value) in &trailer.0 {
            let role = match key.as_slice() {
                b"Root" => Role::Catalog,
                b"Info" => Role::Info,
                b"Encrypt" => Role::Other,
                _ => continue,
            };
            work.extend(value.references().into_iter().map(|r| (r.num, role)));
        }
        // Back references (/Parent, /P) must lead to an object of the expected role.
        let mut back: Vec<(u32, Role)> = Vec::new();
        let mut seen: HashSet<(u32, Role)> = HashSet::new();
        let cap = options.limits.max_objects as usize;
        // The document's structure first; then what else refers to objects. A reference from
        // elsewhere to a part of the structure (a destination naming a page, an outline naming
        // the catalog, a structure element naming a widget) navigates to it rather than uses
        // its contents, and the structure's own rules allow only its own keys to change; any
        // other object referred to from elsewhere may be used in ways no rule knows: other.
        let mut others: Vec<u32> = Vec::new();
        loop {
            let (num, role) = match work.pop() {
                Some((num, Role::Other)) => {
                    others.push(num);
                    continue;
                }
                Some(item) => item,
                None => match others.pop() {
                    Some(num) => (num, Role::Other),
                    None => break,
                },
            };
            if role == Role::Other
                && s.roles
                    .get(&num)
                    .is_some_and(|r| r.iter().any(Role::structural))
            {
                continue;
            }
            if !seen.insert((num, role)) {
                continue;
            }
            let roles = s.roles.entry(num).or_default();
            if !roles.contains(&role) {
                if roles.len() >= MAX_ROLES {
                    roles.push(Role::Other);
                } else {
                    roles.push(role);
                }
            }
            if seen.len() > cap.saturating_mul(2) {
                // Too many to judge: the roles of what lies further are unknown.
                s.exhausted = true;
                break;
            }
            let def = s.defs.entry(num).or_insert_with(|| Def::read(old, num));
            if let Def::Obj(_, obj) = &*def {
                edges(num, role, obj, &mut work, &mut back);
            }
        }
        for (num, expected) in back {
            let ok = s.roles.get(&num).is_some_and(|r| r.contains(&expected));
            if !ok {
                let roles = s.roles.entry(num).or_default();
                if !roles.contains(&Role::Other) {
                    roles.push(Role::Other);
                }
            }
        }
        s
    }
}

/// The references `obj` (with role `role`, object `num`) makes, each with the role it gives.
fn edges(
    num: u32,
    role: Role,
    obj: &Object,
    work: &mut Vec<(u32, Role)>,
    back: &mut Vec<(u32, Role)>,
) {
    let other = |v: &Object, work: &mut Vec<(u32, Role)>| {
        work.extend(v.references().into_iter().map(|r| (r.num, Role::Other)));
    };
    // Items of an array value that are references get `item`; anything else in it is other.
    let items = |v: &Object, item: Role, work: &mut Vec<(u32, Role)>| match v {
        Object::Array(a) => {
            for i in a {
                match i {
                    Object::Ref(r) => work.push((r.num, item)),
                    o => other(o, work),
                }
            }
        }
        o => other(o, work),
    };
    let Some(d) = obj.dict() else {
        match (role, obj) {
            (Role::AnnotsArray(page), o) => items(o, Role::Annot(page), work),
            (Role::FieldsArray, o) => items(o, Role::Field, work),
            (Role::Dss(DssPart::List), o) => other(o, work),
            (_, o) => other(o, work),
        }
        return;
    };
    let is_stream = matches!(obj, Object::Stream(_));
    for (key, v) in &d.0 {
        let k = key.as_slice();
        match (role, k, v) {
            (Role::Catalog, b"Pages", Object::Ref(r)) => work.push((r.num, Role::PageNode)),
            (Role::Catalog, b"AcroForm", Object::Ref(r)) => work.push((r.num, Role::AcroForm)),
            (Role::Catalog, b"AcroForm", Object::Dict(f)) => {
                edges(num, Role::AcroForm, &Object::Dict(f.clone()), work, back);
            }
            (Role::Catalog, b"Metadata", Object::Ref(r)) => work.push((r.num, Role::Metadata)),
            (Role::Catalog, b"DSS", Object::Ref(r)) => work.push((r.num, Role::Dss(DssPart::Dss))),
            (Role::Catalog, b"DSS", Object::Dict(x)) => {
                let o = Object::Dict(x.clone());
                edges(num, Role::Dss(DssPart::Dss), &o, work, back);
            }
            (Role::PageNode, b"Kids", v) => items(v, Role::PageNode, work),
            (Role::PageNode, b"Parent", Object::Ref(r)) => back.push((r.num, Role::PageNode)),
            (Role::PageNode, b"Annots", Object::Ref(r)) => {
                work.push((r.num, Role::AnnotsArray(num)));
            }
            (Role::PageNode, b"Annots", v) => items(v, Role::Annot(num), work),
            (Role::Annot(_), b"AP", v) if d.name(b"Subtype") == Some(b"Widget") => {
                appearance_edges(num, v, work);
            }
            (Role::Annot(_), b"P", Object::Ref(r)) if d.name(b"Subtype") == Some(b"Widget") => {
                back.push((r.num, Role::PageNode));
            }
            (Role::Annot(_), b"Parent", Object::Ref(r))
                if d.name(b"Subtype") == Some(b"Widget") =>
            {
                back.push((r.num, Role::Field));
            }
            (Role::AcroForm, b"Fields", Object::Ref(r)) => work.push((r.num, Role::FieldsArray)),
            (Role::AcroForm, b"Fields", v) => items(v, Role::Field, work),
            (Role::Field, b"Kids", v) => items(v, Role::Field, work),
            (Role::Field, b"Parent", Object::Ref(r)) => back.push((r.num, Role::Field)),
            (Role::Field, b"P", Object::Ref(r)) => back.push((r.num, Role::PageNode)),
            (Role::Field, b"AP", v) => appearance_edges(num, v, work),
            (Role::ApDict(owner), _, v) if !is_stream => appearance_states(owner, v, work),
            (Role::Dss(DssPart::Dss), b"Certs" | b"CRLs" | b"OCSPs", Object::Ref(r))
            | (Role::Dss(DssPart::VriEntry), b"Cert" | b"CRL" | b"OCSP", Object::Ref(r)) => {
                work.push((r.num, Role::Dss(DssPart::List)));
            }
            (Role::Dss(DssPart::Dss), b"VRI", Object::Ref(r)) => {
                work.push((r.num, Role::Dss(DssPart::Vri)));
            }
            (Role::Dss(DssPart::Dss), b"VRI", Object::Dict(x)) => {
                let o = Object::Dict(x.clone());
                edges(num, Role::Dss(DssPart::Vri), &o, work, back);
            }
            (Role::Dss(DssPart::Vri), _, Object::Ref(r)) => {
                work.push((r.num, Role::Dss(DssPart::VriEntry)));
            }
            (Role::Dss(DssPart::Vri), _, Object::Dict(x)) => {
                let o = Object::Dict(x.clone());
                edges(num, Role::Dss(DssPart::VriEntry), &o, work, back);
            }
            (_, _, v) => other(v, work),
        }
    }
}

/// The references of a field's or widget's `/AP` value.
fn appearance_edges(owner: u32, v: &Object, work: &mut Vec<(u32, Role)>) {
    match v {
        Object::Ref(r) => work.push((r.num, Role::ApDict(owner))),
        Object::Dict(ap) => {
            for (_, s) in &ap.0 {
                appearance_states(owner, s, work);
            }
        }
        o => work.extend(o.references().into_iter().map(|r| (r.num, Role::Other))),
    }
}

/// One entry of an appearance dictionary (/N, /D, /R): a stream, or a dictionary of states.
fn appearance_states(owner: u32, v: &Object, work: &mut Vec<(u32, Role)>) {
    match v {
        Object::Ref(r) => work.push((r.num, Role::Appearance(owner))),
        Object::Dict(states) => {
            for (_, s) in &states.0 {
                match s {
                    Object::Ref(r) => work.push((r.num, Role::Appearance(owner))),
                    o => work.extend(o.references().into_iter().map(|r| (r.num, Role::Other))),
                }
            }
        }
        o => work.extend(o.references().into_iter().map(|r| (r.num, Role::Other))),
    }
}

/// Normalised: a free entry and no entry both mean "no object".
fn entry_of(pdf: &Pdf<'_>, num: u32) -> Option<XrefEntry> {
    pdf.xref_entry(num).filter(|e| *e != XrefEntry::Free)
}

/// Everything the judgement of one signature's later changes needs.
struct Judge<'p, 'a, 'b> {
    old: &'p mut Pdf<'a>,
    new: &'p mut Pdf<'b>,
    signed: Signed,
    /// The DocMDP level in force (3 without a certification).
    level: i64,
    lock: Option<&'p FieldLock>,
    /// Numbers whose definition differs, with the new definition.
    changed: BTreeMap<u32, Def>,
    /// New definitions of free numbers read while following grants.
    new_defs: HashMap<u32, Def>,
    /// Fields (and widgets) filled by this update: their appearances may be redrawn.
    filled: HashSet<u32>,
    warnings: Vec<String>,
}

impl Judge<'_, '_, '_> {
    /// Whether some widget of the signed revision's form has no appearance stream and an area
    /// to draw in (a viewer then draws it from the form's /DA and /DR, or its own /MK).
    /// Signature fields' widgets do not count: viewers draw no default for them.
    fn some_widget_without_appearance(&self) -> bool {
        let dict = |num: &u32| match self.signed.defs.get(num) {
            Some(Def::Obj(_, o)) => o.dict(),
            _ => None,
        };
        self.signed.roles.iter().any(|(num, roles)| {
            let Some(d) = dict(num).filter(|_| roles.contains(&Role::Field)) else {
                return false;
            };
            let signature = d.name(b"FT") == Some(b"Sig")
                || matches!(d.get(b"Parent"), Some(Object::Ref(p))
                    if dict(&p.num).is_some_and(|pd| pd.name(b"FT") == Some(b"Sig")));
            let area = match d.get(b"Rect") {
                Some(Object::Array(r)) => {
                    let v: Vec<f64> = r.iter().filter_map(Object::number).collect();
                    !matches!(v.as_slice(), [x1, y1, x2, y2]
                        if (x2 - x1).abs() <= 0.5 || (y2 - y1).abs() <= 0.5)
                }
                Some(_) => true,
                None => d.name(b"Subtype") == Some(b"Widget"),
            };
            !signature && area && d.get(b"AP").is_none()
        })
    }

    /// Whether the value (/V) of field `num` differs between the signed revision and now.
    fn value_changed(&mut self, num: u32) -> bool {
        if !self.changed.contains_key(&num) {
            return false;
        }
        let before = self.old_def(num);
        let after = self.new_def(num);
        let v = |d: &Def| {
            d.object()
                .and_then(Object::dict)
                .and_then(|x| x.get(b"V"))
                .cloned()
        };
        v(&before) != v(&after)
    }

    fn roles(&self, num: u32) -> &[Role] {
        self.signed.roles.get(&num).map_or(&[], Vec::as_slice)
    }

    fn is_free(&self, num: u32) -> bool {
        self.roles(num).is_empty()
    }

    fn old_def(&mut self, num: u32) -> Def {
        if let Some(d) = self.signed.defs.get(&num) {
            return d.clone();
        }
        let d = Def::read(self.old, num);
        self.signed.defs.insert(num, d.clone());
        d
    }

    fn new_def(&mut self, num: u32) -> Def {
        if let Some(d) = self.changed.get(&num) {
            return d.clone();
        }
        if let Some(d) = self.new_defs.get(&num) {
            return d.clone();
        }
        let d = Def::read(self.new, num);
        self.new_defs.insert(num, d.clone());
        d
    }
}

/// What the changes after the revision ending at `end` are, and whether the signer allowed
/// them: the `modifications` check, the list and the level of `r`.
pub(super) fn modifications(
    pdf: &mut Pdf<'_>,
    end: usize,
    docmdp: Option<i64>,
    lock: Option<&FieldLock>,
    r: &mut SignatureReport,
    options: &VerifyOptions<'_>,
) {
    let data = pdf.data();
    let Some(prefix) = data.get(..end) else {
        r.check(
            "modifications",
            CheckResult::Indeterminate(SubIndication::FormatFailure),
            "modifications.notComparable",
            &[],
            "the signed revision ends past the end of the file",
        );
        return;
    };
    let Ok(mut old) = Pdf::parse_marked(prefix, options.limits, Some(pdf.marks().truncated(end)))
    else {
        r.check(
            "modifications",
            CheckResult::Indeterminate(SubIndication::FormatFailure),
            "modifications.notComparable",
            &[],
            "the signed revision cannot be read on its own, so the later changes cannot be compared",
        );
        return;
    };
    // The level in force: the certification the signed revision carries (a later one cannot
    // loosen it), else the one the file names now, else none (P = 3, as Adobe Reader does).
    let level = match (super::certification_level(&mut old), docmdp) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(3),
    };
    let mut list: Vec<Modification> = Vec::new();
    let refuse = |list: &mut Vec<Modification>, what: String, why: &str| {
        list.push(Modification {
            description: what,
            allowed: false,
            rule: format!("not allowed after signing ({why})"),
            level: L::Other,
        });
    };
    if pdf.repaired() {
        // Compared all the same, on the view rebuilt by scanning (the newest definition of each
        // object), so that what changed is listed; but viewers rebuild in their own ways, so the
        // comparison proves nothing: never passed.
        r.check(
            "structure",
            CheckResult::Indeterminate(SubIndication::FormatFailure),
            "structure.rebuilt",
            &[],
            "the file's cross-reference data is broken after the signed revision: viewers rebuild \
             it by scanning, each in its own way, so what they show cannot be proven equal to \
             what was signed",
        );
    }
    let signed = Signed::walk(&mut old, options);
    if signed.exhausted {
        r.check(
            "modifications",
            CheckResult::Indeterminate(SubIndication::FormatFailure),
            "modifications.notComparable",
            &[],
            "the signed revision has more objects than the limit max_objects allows to judge, \
             so the later changes cannot be compared",
        );
        return;
    }
    sections(pdf, &old, &signed, end, &mut list, refuse);
    let changed = changed_numbers(&mut old, pdf, &signed);
    let mut judge = Judge {
        old: &mut old,
        new: pdf,
        signed,
        level,
        lock,
        changed,
        new_defs: HashMap::new(),
        filled: HashSet::new(),
        warnings: Vec::new(),
    };
    judge_changes(&mut judge, &mut list, options);
    r.warnings.append(&mut judge.warnings);
    // Bytes after the last revision's %%EOF.
    let data = judge.new.data();
    let tail_start = judge.new.revisions().last().map_or(data.len(), |r| r.end);
    if data
        .get(tail_start..)
        .is_some_and(|t| t.iter().any(|c| !c.is_ascii_whitespace() && *c != 0))
    {
        refuse(
            &mut list,
            format!(
                "{} bytes after the last %%EOF, outside any revision",
                data.len() - tail_start
            ),
            "not a proper incremental update",
        );
    }
    let disallowed: Vec<&Modification> = list.iter().filter(|m| !m.allowed).collect();
    let detail = if disallowed.is_empty() {
        format!(
            "{} change(s) after the signed revision, each of a kind the signer allows",
            list.len()
        )
    } else {
        format!(
            "the file was changed after signing in a way the signer did not allow: {}",
            disallowed
                .iter()
                .take(12)
                .map(|m| m.description.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    r.check(
        "modifications",
        if disallowed.is_empty() {
            CheckResult::Passed
        } else {
            CheckResult::Failed(SubIndication::DisallowedModification)
        },
        if disallowed.is_empty() {
            "modifications.allowed"
        } else {
            "modifications.disallowed"
        },
        &[("changes", &list.len()), ("disallowed", &disallowed.len())],
        detail,
    );
    r.modification_level = Some(list.iter().map(|m| m.level).max().unwrap_or(L::None));
    r.modifications = list;
}

/// The cross-reference sections and trailers written after the signed revision: each trailer
/// may only carry what an incremental update writes, naming the same catalog and encryption;
/// no number may be defined twice within one update.
fn sections(
    pdf: &Pdf<'_>,
    old: &Pdf<'_>,
    signed: &Signed,
    end: usize,
    list: &mut Vec<Modification>,
    refuse: impl Fn(&mut Vec<Modification>, String, &str),
) {
    let old_offsets: HashSet<usize> = old.sections().iter().map(|s| s.offset).collect();
    let later: Vec<_> = pdf
        .sections()
        .iter()
        .filter(|s| !old_offsets.contains(&s.offset))
        .collect();
    let old_trailer = old.trailer();
    // The revision (by its end) each later section lies in.
    let revision_of = |offset: usize| {
        pdf.revisions()
            .iter()
            .map(|r| r.end)
            .find(|e| *e > offset)
            .unwrap_or(usize::MAX)
    };
    let mut by_revision: HashMap<usize, HashMap<u32, XrefEntry>> = HashMap::new();
    let mut ambiguous: BTreeSet<u32> = BTreeSet::new();
    for s in &later {
        if s.offset < end {
            refuse(
                list,
                format!(
                    "a cross-reference section at byte {} inside the signed bytes is read now \
                     but was not part of the signed revision",
                    s.offset
                ),
                "ambiguous structure",
            );
        }
        ambiguous.extend(s.repeated());
        let seen = by_revision.entry(revision_of(s.offset)).or_default();
        for (num, e) in &s.entries {
            match seen.get(num) {
                Some(prev) if prev != e => {
                    let free = |x: &XrefEntry| *x == XrefEntry::Free;
                    // A hybrid file lists an object-stream member as free in its table: that is
                    // ambiguous only for an object the signed revision had.
                    if !(free(prev) || free(e)) || entry_of(old, *num).is_some() {
                        ambiguous.insert(*num);
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(*num, *e);
                }
            }
        }
        trailer(s, old_trailer, pdf.trailer(), signed, list, &refuse);
    }
    for num in ambiguous {
        refuse(
            list,
            format!("object {num} is defined twice within one update"),
            "ambiguous structure",
        );
    }
    // An object written after the signed revision that no cross-reference section lists is
    // invisible, until a viewer rebuilds the table by scanning — as poppler does when it needs
    // an object the table lacks. Then it shows what no comparison saw. That happens when the
    // object's number has no entry now, or when the signed revision already refers to numbers
    // it lacks (the rebuilt table then takes every object written since).
    if pdf.repaired() {
        return;
    }
    let dangling = signed.defs.iter().any(|(n, d)| {
        matches!(d, Def::Absent) && signed.roles.get(n).is_some_and(|r| !r.is_empty())
    });
    let listed: HashSet<usize> = later
        .iter()
        .flat_map(|s| {
            s.entries.iter().filter_map(|(_, e)| match e {
                XrefEntry::Offset(o, _) => Some(*o),
                _ => None,
            })
        })
        .chain(
            later
                .iter()
                .filter(|s| s.stream.is_some())
                .map(|s| s.offset),
        )
        .collect();
    match pdf.object_headers(end) {
        Ok(headers) => {
            let unlisted: Vec<String> = headers
                .iter()
                .filter(|(at, n, _)| {
                    !listed.contains(at) && (dangling || entry_of(pdf, *n).is_none())
                })
                .map(|(at, n, g)| format!("{n} {g} obj at byte {at}"))
                .collect();
            if !unlisted.is_empty() {
                refuse(
                    list,
                    format!(
                        "object(s) written after signing that no cross-reference section lists: {}",
                        unlisted
                            .iter()
                            .take(8)
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    "ambiguous structure",
                );
            }
        }
        Err(_) => refuse(
            list,
            "too many objects after the signed revision to account for".to_owned(),
            "limit reached",
        ),
    }
}

/// Judges one later section's trailer (a stream's dictionary) against the signed revision's.
/// `/Root` and `/Info` may name new objects (a catalog is then judged as the signed one's
/// replacement, see [`judge_changes`]), `/Encrypt` and the first `/ID` of an encrypted file
/// must stay; keys the standard does not give the trailer are read by no viewer: listed, allowed.
fn trailer(
    s: &crate::container::pdf::Section,
    old_trailer: &Dict,
    newest: &Dict,
    signed: &Signed,
    list: &mut Vec<Modification>,
    refuse: &impl Fn(&mut Vec<Modification>, String, &str),
) {
    let t = &s.trailer;
    if t.has_repeated_key() {
        refuse(
            list,
            format!("the trailer at byte {} repeats a key", s.offset),
            "ambiguous structure",
        );
    }
    let free = |v: &Object| matches!(v, Object::Ref(r) if signed.roles.get(&r.num).is_none_or(Vec::is_empty));
    let encrypted = old_trailer.get(b"Encrypt").is_some();
    for (key, value) in &t.0 {
        let ok = match key.as_slice() {
            b"Size" | b"Prev" | b"XRefStm" => true,
            b"Type" | b"W" | b"Index" | b"Length" | b"Filter" | b"DecodeParms"
                if s.stream.is_some() =>
            {
                true
            }
            b"Encrypt" => old_trailer.get(key) == Some(value),
            // The newest trailer's catalog is the one judged; every later trailer must agree.
            b"Root" => {
                old_trailer.get(key) == Some(value)
                    || (newest.get(key) == Some(value) && free(value))
            }
            b"Info" => old_trailer.get(key) == Some(value) || free(value),
            b"ID" => match (old_trailer.get(b"ID"), value) {
                (Some(Object::Array(o)), Object::Array(n)) => !encrypted || o.first() == n.first(),
                (None, Object::Array(_)) => !encrypted,
                _ => false,
            },
            b"Type" | b"W" | b"Index" | b"Length" | b"Filter" | b"DecodeParms" => false,
            other => {
                if old_trailer.get(other) != Some(value) {
                    list.push(Modification {
                        description: format!(
                            "the trailer at byte {} sets /{}, which viewers do not read",
                            s.offset,
                            String::from_utf8_lossy(other)
                        ),
                        allowed: true,
                        rule: "allowed after signing".to_owned(),
                        level: L::None,
                    });
                }
                true
            }
        };
        if !ok {
            refuse(
                list,
                format!(
                    "the trailer at byte {} sets /{} {}",
                    s.offset,
                    String::from_utf8_lossy(key),
                    match key.as_slice() {
                        b"Root" => "to an object the signed revision used otherwise",
                        b"Info" => "to an object the signed revision used otherwise",
                        b"Encrypt" => "to other encryption than the signed revision's",
                        b"ID" => "to another file identifier, which changes the encryption key",
                        _ => "(not a key of a classic trailer)",
                    }
                ),
                "the trailer changed",
            );
        }
    }
    // Every trailer of the main chain must name the catalog (a hybrid file's stream need not).
    if !s.hybrid && t.get(b"Root").is_none() {
        refuse(
            list,
            format!("the trailer at byte {} names no catalog", s.offset),
            "ambiguous structure",
        );
    }
}

/// Every number whose effective definition differs between the signed revision and the file,
/// with its new definition. An entry that is the same in both tables names the same bytes (the
/// signed revision is a prefix of the file), so only the objects that depend on another — a
/// stream whose /Length is indirect, an object-stream member — are read again.
fn changed_numbers(old: &mut Pdf<'_>, new: &mut Pdf<'_>, signed: &Signed) -> BTreeMap<u32, Def> {
    let mut nums: BTreeSet<u32> = old.xref_entries().into_iter().map(|(n, _)| n).collect();
    nums.extend(new.xref_entries().into_iter().map(|(n, _)| n));
    let end = old.data().len();
    let mut differing: HashSet<u32> = nums
        .iter()
        .copied()
        .filter(|n| entry_of(old, *n) != entry_of(new, *n))
        .collect();
    // Same entries name the same bytes: the same object, unless it lies past the signed bytes,
    // could not be read there (cut by the signed revision's end), or is a stream whose indirect
    // /Length changed. Only objects the signed revision uses matter: an unused one that a change
    // now refers to is judged as brought in, from its new definition.
    let old_containers: HashSet<u32> = old
        .xref_entries()
        .into_iter()
        .filter_map(|(_, e)| match e {
            XrefEntry::Compressed { stream, .. } => Some(stream),
            _ => None,
        })
        .collect();
    let mut recheck: Vec<u32> = Vec::new();
    let mut unreadable_before: HashSet<u32> = HashSet::new();
    for &num in &nums {
        if differing.contains(&num) {
            continue;
        }
        let Some(XrefEntry::Offset(o, _)) = entry_of(old, num) else {
            continue;
        };
        // Object streams too: their members are read through them.
        let read;
        let def = match signed.defs.get(&num) {
            Some(d) => d,
            None if old_containers.contains(&num) => {
                read = Def::read(old, num);
                &read
            }
            None => continue,
        };
        match def {
            _ if o >= end => recheck.push(num),
            Def::Obj(_, Object::Stream(s)) => {
                if matches!(s.dict.get(b"Length"), Some(Object::Ref(l)) if differing.contains(&l.num))
                {
                    recheck.push(num);
                }
            }
            Def::Unreadable => {
                unreadable_before.insert(num);
                recheck.push(num);
            }
            _ => {}
        }
    }
    differing.extend(recheck);
    let members: Vec<u32> = nums
        .iter()
        .copied()
        .filter(|n| {
            !differing.contains(n)
                && matches!(entry_of(old, *n), Some(XrefEntry::Compressed { stream, .. }) if differing.contains(&stream))
        })
        .collect();
    differing.extend(members);
    let mut out = BTreeMap::new();
    let mut sorted: Vec<u32> = differing.into_iter().collect();
    sorted.sort_unstable();
    for num in sorted {
        let before = signed
            .defs
            .get(&num)
            .cloned()
            .unwrap_or_else(|| Def::read(old, num));
        let after = Def::read(new, num);
        // The same bytes, unreadable in the signed revision and now alike: not a change.
        let still_unreadable = unreadable_before.contains(&num) && matches!(after, Def::Unreadable);
        if !still_unreadable && !same_def(old, &before, new, &after) {
            out.insert(num, after);
        }
    }
    out
}

/// Whether two definitions are the same object (its generation included; streams by
/// dictionary and raw bytes).
fn same_def(old: &Pdf<'_>, before: &Def, new: &Pdf<'_>, after: &Def) -> bool {
    match (before, after) {
        (Def::Absent, Def::Absent) => true,
        (Def::Obj(a, x), Def::Obj(b, y)) => a == b && super::same(old, x, new, y),
        _ => false,
    }
}

/// Judges every changed number and every free object the changes bring in.
fn judge_changes(
    j: &mut Judge<'_, '_, '_>,
    list: &mut Vec<Modification>,
    options: &VerifyOptions<'_>,
) {
    let containers: HashSet<u32> = j
        .new
        .xref_entries()
        .into_iter()
        .filter_map(|(_, e)| match e {
            XrefEntry::Compressed { stream, .. } => Some(stream),
            _ => None,
        })
        .chain(j.new.sections().iter().filter_map(|s| s.stream))
        .collect();
    let changed: Vec<u32> = j.changed.keys().copied().collect();
    let mut verdicts: BTreeMap<u32, Verdict> = BTreeMap::new();
    // Fields and the rest first; appearances after, once it is known which fields were filled.
    let appearance = |roles: &[Role]| {
        roles
            .iter()
            .any(|r| matches!(r, Role::Appearance(_) | Role::ApDict(_)))
    };
    let (later, first): (Vec<u32>, Vec<u32>) = changed
        .iter()
        .copied()
        .filter(|n| !j.is_free(*n))
        .partition(|n| appearance(j.roles(*n)));
    for num in first.into_iter().chain(later) {
        let v = judge_one(j, num);
        verdicts.insert(num, v);
    }
    // A trailer naming a new catalog: judged as a change of the signed revision's catalog
    // (the trailer check already refused one that names an object used otherwise).
    if let (Some(Object::Ref(o)), Some(Object::Ref(n))) = (
        j.old.trailer().get(b"Root").cloned(),
        j.new.trailer().get(b"Root").cloned(),
    ) {
        if o.num != n.num && j.is_free(n.num) {
            let before = j.old_def(o.num);
            let after = j.new_def(n.num);
            let v = match (before.object(), after.object()) {
                (Some(b), Some(a)) if !a.has_repeated_key() => {
                    let v = rule(j, n.num, Role::Catalog, b, a);
                    Verdict {
                        what: format!("the catalog replaced by object {}: {}", n.num, v.what),
                        ..v
                    }
                }
                _ => Verdict::no(format!(
                    "the trailer names a new catalog, object {}, that cannot be read or repeats a key",
                    n.num
                )),
            };
            verdicts.insert(n.num, v);
        }
    }
    // Follow the grants into free objects.
    let mut brought: BTreeMap<u32, Verdict> = BTreeMap::new();
    let mut work: Vec<(u32, Grant, u32)> = Vec::new();
    for (num, v) in &verdicts {
        if !v.allowed {
            continue;
        }
        for (target, g) in &v.grants {
            work.push((*target, *g, *num));
        }
    }
    // The trailer's /Info, when the update names a new one (the trailer check refused one that
    // names an object the signed revision used otherwise).
    if let Some(Object::Ref(r)) = j.new.trailer().get(b"Info") {
        if j.old.trailer().get(b"Info") != Some(&Object::Ref(*r)) {
            work.push((r.num, Grant::Lta, 0));
        }
    }
    let cap = options.limits.max_objects as usize;
    let mut visited: HashSet<(u32, u8)> = HashSet::new();
    while let Some((num, grant, from)) = work.pop() {
        if !j.is_free(num) {
            continue;
        }
        if visited.len() > cap {
            // What lies further was not judged: never allowed.
            push(
                list,
                Verdict::no(
                    "more objects added after signing than the limit max_objects allows to judge",
                ),
                j,
            );
            break;
        }
        let key = match grant {
            Grant::Lta => 0,
            Grant::FormValue => 1,
            Grant::Entry(_) => 2,
            Grant::Container(_) => 3,
            Grant::Part(..) => 4,
        };
        if !visited.insert((num, key)) {
            continue;
        }
        let def = j.new_def(num);
        let v = judge_brought(j, num, &def, grant, from);
        // What it refers to comes with it, judged as part of it; a container's items are
        // entries of their own.
        if let Some(o) = def.object() {
            let (refs, g): (Vec<u32>, Grant) = match (grant, o) {
                (Grant::Container(page), Object::Array(a)) => (
                    a.iter()
                        .filter_map(|i| match i {
                            Object::Ref(r) => Some(r.num),
                            _ => None,
                        })
                        .collect(),
                    Grant::Entry(page),
                ),
                (Grant::Container(_), _) => (Vec::new(), grant),
                _ => (
                    o.references().into_iter().map(|r| r.num).collect(),
                    Grant::Part(v.level, v.allowed),
                ),
            };
            for t in refs {
                work.push((t, g, num));
            }
        }
        match brought.get_mut(&num) {
            Some(prev) => {
                if !v.allowed || (prev.allowed && v.level > prev.level) {
                    *prev = v;
                }
            }
            None => {
                brought.insert(num, v);
            }
        }
    }
    // A container's own verdict: nothing of its own; its entries were judged as granted.
    let judged: HashSet<u32> = verdicts.keys().copied().collect();
    for v in verdicts.into_values() {
        push(list, v, j);
    }
    for num in j.changed.keys().copied().collect::<Vec<_>>() {
        if !j.is_free(num) || brought.contains_key(&num) || judged.contains(&num) {
            continue;
        }
        let def = j.new_def(num);
        let what = if containers.contains(&num) {
            format!("object {num}: a cross-reference or object stream of the update")
        } else if matches!(def, Def::Absent) {
            format!("object {num}, unused in the signed revision, deleted")
        } else {
            format!(
                "object {num} ({}) added, referred to by nothing displayed",
                describe_def(&def)
            )
        };
        push(list, Verdict::ok(L::None, what), j);
    }
    for v in brought.into_values() {
        push(list, v, j);
    }
}

fn push(list: &mut Vec<Modification>, v: Verdict, j: &Judge<'_, '_, '_>) {
    let rule = if v.allowed {
        "allowed after signing".to_owned()
    } else {
        format!(
            "not allowed after signing ({})",
            match j.level {
                3 if j.lock.is_some() => "approval signature with a FieldMDP lock".to_owned(),
                3 => "approval signature".to_owned(),
                p => format!("certification DocMDP P = {p}"),
            }
        )
    };
    list.push(Modification {
        description: v.what,
        allowed: v.allowed,
        rule,
        level: if v.allowed { v.level } else { L::Other },
    });
}

fn describe_def(d: &Def) -> String {
    match d {
        Def::Obj(_, o) => super::describe(o),
        Def::Absent => "deleted".to_owned(),
        Def::Unreadable => "unreadable".to_owned(),
    }
}

/// Judges a changed object the signed revision used, by every role it had there.
fn judge_one(j: &mut Judge<'_, '_, '_>, num: u32) -> Verdict {
    let before = j.old_def(num);
    let after = j.new_def(num);
    let (Def::Obj(bid, b), Def::Obj(aid, a)) = (&before, &after) else {
        return Verdict::no(match (&before, &after) {
            (_, Def::Absent) => format!("object {num} ({}) deleted", describe_def(&before)),
            (Def::Absent, _) => format!(
                "object {num}, which the signed revision refers to but lacks, now defined ({})",
                describe_def(&after)
            ),
            _ => format!("object {num} cannot be read in the signed revision or now"),
        });
    };
    if bid.gen != aid.gen {
        return Verdict::no(format!(
            "object {num} redefined with generation {} (was {}): references to it now lead elsewhere",
            aid.gen, bid.gen
        ));
    }
    if a.has_repeated_key() {
        return Verdict::no(format!(
            "object {num} ({}) changed and repeats a key: viewers may read either value",
            super::describe(a)
        ));
    }
    let (b, a) = (b.clone(), a.clone());
    let mut roles: Vec<Role> = j.roles(num).to_vec();
    // Pages, fields and widgets are also referred to by what navigates to them or lists them
    // (destinations, outlines, structure elements, an annotation's /P, the calculation order):
    // such a reference does not use their contents, and their own rules allow only their own
    // keys to change.
    let navigable = roles.iter().any(|r| match r {
        Role::PageNode => super::dict_of(&b).and_then(|d| d.name(b"Type")) == Some(b"Page"),
        Role::Field => true,
        Role::Annot(_) => super::dict_of(&b).and_then(|d| d.name(b"Subtype")) == Some(b"Widget"),
        _ => false,
    });
    if navigable {
        roles.retain(|r| *r != Role::Other);
    }
    let mut total = Verdict::ok(L::None, String::new());
    for role in roles {
        let v = rule(j, num, role, &b, &a);
        if !v.allowed {
            return v;
        }
        if total.what.is_empty() || v.level > total.level {
            total.what = v.what;
        }
        total.level = total.level.max(v.level);
        total.grants.extend(v.grants);
    }
    // Every reference the object gains to a free number must be one a rule granted.
    let before_refs: HashSet<u32> = b.references().into_iter().map(|r| r.num).collect();
    for r in a.references() {
        if before_refs.contains(&r.num) || !j.is_free(r.num) {
            continue;
        }
        if !total.grants.iter().any(|(t, _)| *t == r.num) {
            return Verdict::no(format!(
                "object {num} ({}) now refers to object {}, which the signed revision did not \
                 use, where no rule allows it",
                super::describe(&a),
                r.num
            ));
        }
    }
    total
}

/// Items an array gains, all references to free numbers (`Err`: an entry lost, or a gained
/// entry that is not a reference to a free number).
fn gained(j: &Judge<'_, '_, '_>, b: &[Object], a: &[Object]) -> Result<Vec<u32>, String> {
    gained_entries(j, b, a, false).map(|(free, _)| free)
}

/// [`gained`], and with `widgets`, also the existing nodes of the form (fields and widgets,
/// nothing else) an array gains: a page showing a widget of the form that no page showed.
fn gained_entries(
    j: &Judge<'_, '_, '_>,
    b: &[Object],
    a: &[Object],
    widgets: bool,
) -> Result<(Vec<u32>, Vec<u32>), String> {
    if !b.iter().all(|o| a.iter().any(|n| super::equal(o, n))) {
        return Err("an entry was removed".to_owned());
    }
    let mut out = Vec::new();
    let mut existing = Vec::new();
    for n in a.iter().filter(|n| !b.iter().any(|o| super::equal(o, n))) {
        match n {
            Object::Ref(r) if j.is_free(r.num) => out.push(r.num),
            Object::Ref(r)
                if widgets
                    && j.roles(r.num).contains(&Role::Field)
                    && j.roles(r.num)
                        .iter()
                        .all(|x| matches!(x, Role::Field | Role::Annot(_))) =>
            {
                existing.push(r.num);
            }
            Object::Ref(r) => {
                return Err(format!(
                    "an object the signed revision already used (object {}) was added",
                    r.num
                ))
            }
            _ => return Err("a direct entry was added".to_owned()),
        }
    }
    Ok((out, existing))
}

/// An array value, resolved through a reference on its own side.
fn array_of(pdf: &mut Pdf<'_>, v: Option<&Object>) -> Vec<Object> {
    match v {
        Some(Object::Array(a)) => a.clone(),
        Some(Object::Ref(r)) => match pdf.get(*r) {
            Ok(Object::Array(a)) => a,
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn refs_of(o: Option<&Object>) -> Vec<u32> {
    o.map(|v| v.references().into_iter().map(|r| r.num).collect())
        .unwrap_or_default()
}

/// The rule of one role for a changed object.
#[allow(clippy::too_many_lines)]
fn rule(j: &mut Judge<'_, '_, '_>, num: u32, role: Role, b: &Object, a: &Object) -> Verdict {
    let ks = super::differing_keys(b, a);
    let kind = super::describe(a);
    let (Some(db), Some(da)) = (super::dict_of(b), super::dict_of(a)) else {
        // Arrays: an indirect /Annots or /Fields, a DSS list.
        let (Object::Array(ob), Object::Array(oa)) = (b, a) else {
            return Verdict::no(format!("object {num} ({kind}) replaced"));
        };
        return match role {
            Role::AnnotsArray(page) => match gained(j, ob, oa) {
                Ok(g) => Verdict::ok(
                    L::None,
                    format!("the annotations of page object {page} grew"),
                )
                .granting(g.into_iter().map(|n| (n, Grant::Entry(Some(page))))),
                Err(e) => Verdict::no(format!(
                    "the annotations of page object {page} changed: {e}"
                )),
            },
            Role::FieldsArray => match gained(j, ob, oa) {
                Ok(g) => Verdict::ok(L::None, "the form's field list grew")
                    .granting(g.into_iter().map(|n| (n, Grant::Entry(None)))),
                Err(e) => Verdict::no(format!("the form's field list changed: {e}")),
            },
            Role::Dss(DssPart::List) => match gained(j, ob, oa) {
                Ok(g) => Verdict::ok(
                    L::LtaUpdates,
                    format!("object {num}: the DSS gained validation data"),
                )
                .granting(g.into_iter().map(|n| (n, Grant::Lta))),
                Err(e) => Verdict::no(format!("object {num}: a DSS list changed: {e}")),
            },
            _ => Verdict::no(format!("array object {num} changed")),
        };
    };
    let is_stream = matches!(a, Object::Stream(_)) || matches!(b, Object::Stream(_));
    match role {
        Role::Catalog => {
            if is_stream {
                return Verdict::no("the catalog replaced by a stream");
            }
            let mut level = L::None;
            let mut grants = Vec::new();
            for k in &ks {
                let (vb, va) = (db.get(k), da.get(k));
                let fresh =
                    |j: &Judge<'_, '_, '_>| matches!(va, Some(Object::Ref(r)) if j.is_free(r.num));
                match k.as_slice() {
                    // A DSS added, or replaced by a new one (validation data, not displayed):
                    // what it names anew comes with it; an existing object it names is judged
                    // by its own roles wherever it changes.
                    b"DSS" if fresh(j) || matches!(va, Some(Object::Dict(_))) => {
                        level = level.max(L::LtaUpdates);
                        grants.extend(
                            refs_of(va)
                                .into_iter()
                                .filter(|n| j.is_free(*n))
                                .map(|n| (n, Grant::Lta)),
                        );
                    }
                    b"Metadata" if fresh(j) => {
                        level = level.max(L::LtaUpdates);
                        grants.extend(refs_of(va).into_iter().map(|n| (n, Grant::Lta)));
                    }
                    b"AcroForm" if vb.is_none() && fresh(j) => {
                        // A new form: only the keys an added signature needs.
                        let Some(Object::Ref(r)) = va else {
                            return Verdict::no("the catalog's new /AcroForm is not an object");
                        };
                        let form = j.new_def(r.num);
                        let keys_ok = form.object().and_then(Object::dict).is_some_and(|f| {
                            f.0.iter().all(|(k, _)| {
                                matches!(k.as_slice(), b"Fields" | b"SigFlags" | b"DA" | b"DR")
                            })
                        });
                        if !keys_ok {
                            return Verdict::no(
                                "the catalog gained a form with keys beyond a field list (/XFA, /NeedAppearances…)",
                            );
                        }
                        level = level.max(L::FormFilling);
                        // The form's own keys come with it; its fields are entries judged by kind.
                        let fields = form
                            .object()
                            .and_then(Object::dict)
                            .and_then(|f| f.get(b"Fields"))
                            .cloned();
                        grants.push((r.num, Grant::FormValue));
                        match fields {
                            Some(Object::Ref(fr)) => grants.push((fr.num, Grant::Container(None))),
                            Some(Object::Array(items)) => {
                                grants.extend(items.iter().filter_map(|i| match i {
                                    Object::Ref(x) => Some((x.num, Grant::Entry(None))),
                                    _ => None,
                                }))
                            }
                            _ => {}
                        }
                    }
                    b"AcroForm" => {
                        // A form held directly in the catalog: judged as the form.
                        match (vb, va) {
                            (Some(x @ Object::Dict(_)), Some(y @ Object::Dict(_))) => {
                                let v = rule(j, num, Role::AcroForm, x, y);
                                if !v.allowed {
                                    return v;
                                }
                                level = level.max(v.level);
                                grants.extend(v.grants);
                            }
                            _ => {
                                return Verdict::no(
                                    "the catalog's /AcroForm replaced by another form",
                                )
                            }
                        }
                    }
                    b"Extensions" | b"Version" => {
                        level = level.max(L::FormFilling);
                        grants.extend(refs_of(va).into_iter().map(|n| (n, Grant::Lta)));
                    }
                    _ => {
                        return Verdict::no(format!("the catalog changed ({})", super::names(&ks)))
                    }
                }
            }
            Verdict::ok(
                level,
                format!("the catalog changed ({})", super::names(&ks)),
            )
            .granting(grants)
        }
        Role::Info => {
            if is_stream {
                return Verdict::no("the document information replaced by a stream");
            }
            Verdict::ok(L::LtaUpdates, "the document information dictionary changed")
                .granting(a.references().into_iter().map(|r| (r.num, Grant::Lta)))
        }
        Role::Metadata => {
            let xml = |d: &Dict| d.name(b"Subtype") == Some(b"XML");
            if matches!(a, Object::Stream(_)) && xml(db) && xml(da) {
                Verdict::ok(
                    L::LtaUpdates,
                    format!("object {num}: the document's XMP metadata updated (not displayed)"),
                )
            } else {
                Verdict::no(format!(
                    "object {num}: the XMP metadata replaced by something else"
                ))
            }
        }
        Role::PageNode => {
            let leaf = db.name(b"Type") == Some(b"Page");
            if !leaf || is_stream || ks.iter().any(|k| k != b"Annots") {
                return Verdict::no(format!("page object {num} changed ({})", super::names(&ks)));
            }
            let ob = array_of(j.old, db.get(b"Annots"));
            let oa = array_of(j.new, da.get(b"Annots"));
            let mut grants = Vec::new();
            if let Some(Object::Ref(r)) = da.get(b"Annots") {
                if !j.is_free(r.num) {
                    return Verdict::no(format!(
                        "page object {num}: its /Annots now names object {}, which the signed \
                         revision used otherwise",
                        r.num
                    ));
                }
                grants.push((r.num, Grant::Container(Some(num))));
            }
            match gained_entries(j, &ob, &oa, true) {
                Ok((g, widgets)) => {
                    let mut v =
                        Verdict::ok(L::None, format!("page object {num}: annotations added"));
                    for w in widgets {
                        let def = j.new_def(w);
                        let e = match def.object().and_then(Object::dict).cloned() {
                            Some(d) => entry_verdict(j, w, &d, Some(num)),
                            None => Verdict::no(format!("object {w} cannot be read")),
                        };
                        if !e.allowed {
                            return e;
                        }
                        v.level = v.level.max(e.level);
                    }
                    v.granting(
                        grants
                            .into_iter()
                            .chain(g.into_iter().map(|n| (n, Grant::Entry(Some(num))))),
                    )
                }
                Err(e) => Verdict::no(format!("page object {num}: its annotations changed: {e}")),
            }
        }
        Role::Annot(_) => {
            // A widget is judged as the field it belongs to (every widget of the form has that
            // role too); any other annotation may not change.
            let widget = db.name(b"Subtype") == Some(b"Widget");
            if widget && j.roles(num).contains(&Role::Field) {
                Verdict::ok(L::None, String::new())
            } else {
                Verdict::no(format!(
                    "annotation object {num} ({kind}) changed ({})",
                    super::names(&ks)
                ))
            }
        }
        Role::AcroForm => {
            if is_stream {
                return Verdict::no("the form replaced by a stream");
            }
            let mut grants = Vec::new();
            for k in &ks {
                match k.as_slice() {
                    b"Fields" => {
                        if let Some(Object::Ref(r)) = da.get(b"Fields") {
                            if !j.is_free(r.num) {
                                return Verdict::no("the form's /Fields now names an object the signed revision used otherwise");
                            }
                            grants.push((r.num, Grant::Container(None)));
                        }
                        let ob = array_of(j.old, db.get(b"Fields"));
                        let oa = array_of(j.new, da.get(b"Fields"));
                        match gained(j, &ob, &oa) {
                            Ok(g) => grants.extend(g.into_iter().map(|n| (n, Grant::Entry(None)))),
                            Err(e) => {
                                return Verdict::no(format!("the form's field list changed: {e}"))
                            }
                        }
                    }
                    b"SigFlags" => {}
                    // The form's defaults serve appearances generated for widgets without
                    // one: harmless only when every widget of the signed form has its own.
                    b"DA" | b"DR" if j.level >= 2 && !j.some_widget_without_appearance() => {
                        grants.extend(
                            refs_of(da.get(b"DR"))
                                .into_iter()
                                .map(|n| (n, Grant::FormValue)),
                        );
                    }
                    b"DA" | b"DR" if j.level >= 2 => {
                        return Verdict::no(format!(
                            "the form's default appearance changed ({}), with which a viewer \
                             draws the widgets that have no appearance of their own",
                            super::names(&ks)
                        ))
                    }
                    _ => {
                        return Verdict::no(format!(
                            "the form changed ({}), which filling or signing does not do",
                            super::names(&ks)
                        ))
                    }
                }
            }
            Verdict::ok(L::FormFilling, "the form's field list changed").granting(grants)
        }
        Role::FieldsArray | Role::AnnotsArray(_) | Role::Dss(DssPart::List) => {
            Verdict::no(format!("array object {num} replaced by {kind}"))
        }
        Role::Field => field_rule(j, num, db, da, &ks, is_stream),
        Role::ApDict(owner) | Role::Appearance(owner) => {
            if j.filled.contains(&owner) {
                Verdict::ok(
                    L::FormFilling,
                    format!("object {num}: the appearance of filled field object {owner} redrawn"),
                )
                .granting(
                    a.references()
                        .into_iter()
                        .map(|r| (r.num, Grant::FormValue)),
                )
            } else {
                Verdict::no(format!(
                    "object {num} ({kind}): the appearance of field object {owner} rewritten while the field was not filled"
                ))
            }
        }
        Role::Dss(part) => dss_rule(j, num, part, db, da, is_stream),
        // A font's obsolete /Name (ISO 32000-1 Table 111: not used for display; some writers
        // rename it when they save fonts again).
        Role::Other
            if db.name(b"Type") == Some(b"Font")
                && !ks.is_empty()
                && ks.iter().all(|k| k == b"Name") =>
        {
            Verdict::ok(
                L::None,
                format!("font object {num}: its obsolete /Name changed (not used for display)"),
            )
        }
        Role::Other => Verdict::no(format!(
            "object {num} ({kind}) changed ({})",
            super::names(&ks)
        )),
    }
}

/// A field or widget of the signed revision's form: filled (its value, state and appearance),
/// or, for an empty signature field, signed by a later signature.
fn field_rule(
    j: &mut Judge<'_, '_, '_>,
    num: u32,
    db: &Dict,
    da: &Dict,
    ks: &[Vec<u8>],
    is_stream: bool,
) -> Verdict {
    if is_stream {
        return Verdict::no(format!("field object {num} replaced by a stream"));
    }
    let before = Object::Dict(db.clone());
    if let Some(name) = j.lock.and_then(|l| l.locked(j.old, &before)) {
        return Verdict::no(format!(
            "object {num}: field \u{201c}{name}\u{201d} changed, which this signature locks (FieldMDP)"
        ));
    }
    let signature_field = db.name(b"FT") == Some(b"Sig") || da.name(b"FT") == Some(b"Sig");
    let fits = |k: &Vec<u8>| {
        matches!(k.as_slice(), b"V" | b"AS" | b"AP" | b"MK" | b"M")
            || (signature_field && k.as_slice() == b"F")
    };
    if !ks.iter().all(fits) {
        return Verdict::no(format!(
            "field object {num} changed ({}) beyond filling it",
            super::names(ks)
        ));
    }
    // What it names anew in its value, state and appearance must be new objects (or what the
    // same key named before): never an existing object used otherwise.
    for k in [&b"AP"[..], b"MK", b"AS", b"V"] {
        let before_refs = refs_of(db.get(k));
        if let Some(n) = refs_of(da.get(k))
            .into_iter()
            .find(|n| !j.is_free(*n) && !before_refs.contains(n))
        {
            return Verdict::no(format!(
                "field object {num}: its /{} now names object {n}, which the signed revision \
                 used otherwise",
                String::from_utf8_lossy(k)
            ));
        }
    }
    let mut grants: Vec<(u32, Grant)> = Vec::new();
    for k in [&b"AP"[..], b"MK", b"AS", b"M"] {
        grants.extend(
            refs_of(da.get(k))
                .into_iter()
                .map(|n| (n, Grant::FormValue)),
        );
    }
    // Filling is a new value — the field's own, or its parent's for a widget of a field with
    // several (a radio button, a signature field's widget): its state and appearance follow it.
    let parent = match db.get(b"Parent") {
        Some(Object::Ref(p)) => Some(p.num),
        _ => None,
    };
    let own_value = ks.iter().any(|k| k == b"V");
    let parent_value = parent.is_some_and(|p| j.value_changed(p));
    if !own_value && !parent_value {
        if ks.iter().all(|k| k == b"M") {
            return Verdict::ok(
                L::FormFilling,
                format!("field object {num}: its modification date changed"),
            );
        }
        return Verdict::no(format!(
            "field object {num}: its state or appearance changed ({}) while its value did not",
            super::names(ks)
        ));
    }
    if signature_field {
        if own_value {
            let signed_now = matches!(da.get(b"V"), Some(Object::Ref(r)) if j.is_free(r.num));
            if db.get(b"V").is_some() || !signed_now {
                return Verdict::no(format!(
                    "signature field object {num}: its signature replaced"
                ));
            }
            if let Some(Object::Ref(r)) = da.get(b"V") {
                grants.push((r.num, Grant::Entry(None)));
            }
        }
        j.filled.insert(num);
        return Verdict::ok(
            L::FormFilling,
            format!("signature field object {num}: signed by a later signature"),
        )
        .granting(grants);
    }
    // A button's state must be off or the value it now has (its own, or its group's).
    if ks.iter().any(|k| k == b"AS") {
        let value = if own_value {
            da.get(b"V").cloned()
        } else {
            parent.and_then(|p| {
                j.new_def(p)
                    .object()
                    .and_then(Object::dict)
                    .and_then(|d| d.get(b"V").cloned())
            })
        };
        let state = da.get(b"AS");
        let fits = matches!(state, Some(Object::Name(n)) if n == b"Off")
            || (state.is_some() && state == value.as_ref());
        if !fits {
            return Verdict::no(format!(
                "field object {num}: its state /AS does not show its value /V"
            ));
        }
    }
    // Appearance characteristics only shape a generated appearance: not without a new one.
    if ks.iter().any(|k| k == b"MK") && !ks.iter().any(|k| k == b"AP") {
        return Verdict::no(format!(
            "field object {num}: its appearance characteristics (/MK) changed without a redrawn appearance"
        ));
    }
    if j.level < 2 {
        return Verdict::no(format!(
            "form field object {num} filled, and the certification (P = 1) allows no change"
        ));
    }
    grants.extend(
        refs_of(da.get(b"V"))
            .into_iter()
            .map(|n| (n, Grant::FormValue)),
    );
    j.filled.insert(num);
    Verdict::ok(
        L::FormFilling,
        format!("form field object {num} filled ({})", super::names(ks)),
    )
    .granting(grants)
}

/// A part of the DSS the signed revision had: it may only grow with validation data, each part
/// keeping its shape (an object that also served the document has another role, judged too).
fn dss_rule(
    j: &mut Judge<'_, '_, '_>,
    num: u32,
    part: DssPart,
    db: &Dict,
    da: &Dict,
    is_stream: bool,
) -> Verdict {
    let allowed_key = |k: &[u8]| match part {
        DssPart::Dss => matches!(k, b"Type" | b"VRI" | b"Certs" | b"CRLs" | b"OCSPs"),
        DssPart::VriEntry => matches!(k, b"Type" | b"Cert" | b"CRL" | b"OCSP" | b"TU" | b"TS"),
        DssPart::Vri => {
            k == b"Type" || (matches!(k.len(), 40 | 64) && k.iter().all(u8::is_ascii_hexdigit))
        }
        DssPart::List => false,
    };
    let shape = !is_stream
        && [db, da]
            .iter()
            .all(|d| d.0.iter().all(|(k, _)| allowed_key(k)));
    if !shape {
        return Verdict::no(format!(
            "object {num}: part of the DSS changed beyond adding validation data"
        ));
    }
    // Its values are validation data, not displayed: what they now name is brought in (when
    // new) or merely named (an existing object, judged by its own roles wherever it changes).
    let grants: Vec<(u32, Grant)> =
        da.0.iter()
            .flat_map(|(_, v)| v.references())
            .filter(|r| j.is_free(r.num))
            .map(|r| (r.num, Grant::Lta))
            .collect();
    Verdict::ok(
        L::LtaUpdates,
        format!("object {num}: the DSS updated with validation data"),
    )
    .granting(grants)
}

/// Judges a free object brought in by a grant.
fn judge_brought(
    j: &mut Judge<'_, '_, '_>,
    num: u32,
    def: &Def,
    grant: Grant,
    from: u32,
) -> Verdict {
    let Some(o) = def.object() else {
        return Verdict::no(format!(
            "object {num}, brought in by object {from}, is {}",
            match def {
                Def::Absent => "missing",
                _ => "unreadable",
            }
        ));
    };
    // (A later signature's own dictionary is that signature's business: its verification
    // refuses repeated /ByteRange or /Contents.)
    if o.has_repeated_key() && !o.dict().is_some_and(is_signature_dict) {
        return Verdict::no(format!(
            "object {num} ({}), added after signing, repeats a key: viewers may read either value",
            super::describe(o)
        ));
    }
    let kind = super::describe(o);
    match grant {
        Grant::Lta => Verdict::ok(
            L::LtaUpdates,
            format!("object {num} ({kind}) added with validation data or document information"),
        ),
        Grant::FormValue => Verdict::ok(
            L::FormFilling,
            format!("object {num} ({kind}) added with a filled field or a later signature"),
        ),
        Grant::Container(_) => Verdict::ok(
            L::None,
            format!("object {num} ({kind}): a list of added entries"),
        ),
        Grant::Part(level, allowed) => Verdict {
            allowed,
            level,
            what: format!("object {num} ({kind}) added as part of object {from}"),
            grants: Vec::new(),
        },
        Grant::Entry(page) => {
            let Some(d) = o.dict().cloned() else {
                return Verdict::no(format!(
                    "object {num} ({kind}) added as a field or annotation"
                ));
            };
            entry_verdict(j, num, &d, page)
        }
    }
}

/// An entry added to a page's `/Annots` (`page`) or the form's `/Fields`: a signature part
/// (form filling, or validation data for a document timestamp), else an annotation or field
/// (allowed at P = 3, with a warning when it is drawn on the page).
fn entry_verdict(j: &mut Judge<'_, '_, '_>, num: u32, d: &Dict, page: Option<u32>) -> Verdict {
    let kind = super::describe(&Object::Dict(d.clone()));
    if matches!(j.new_def(num).object(), Some(Object::Stream(_))) {
        return Verdict::no(format!(
            "object {num} ({kind}), a stream, added where annotations or fields are listed"
        ));
    }
    if let Some(why) = scripted(j, d) {
        return Verdict::no(format!(
            "object {num} ({kind}) added after signing with {why}: it changes what the viewer does"
        ));
    }
    let signature = signature_part(j, d);
    // What a viewer now draws on the page (or prints) was not signed: said, whatever the entry
    // is, unless it is provably never drawn.
    if let Some(page) = page {
        if let Some(area) = drawn_area(j, d) {
            j.warnings.push(format!(
                "{} ({kind}, object {num}) was added to page object {page} after signing and is \
                 drawn over the page at {area}: what it shows was not signed",
                if signature {
                    "a later signature's visible appearance"
                } else {
                    "an annotation"
                },
            ));
        }
    }
    if signature {
        if timestamp_only(d, j.new) || signature_is_timestamp(j, d) {
            return Verdict::ok(
                L::LtaUpdates,
                format!("object {num} ({kind}) added with a document timestamp"),
            );
        }
        if j.level < 2 {
            return Verdict::no(format!(
                "object {num} ({kind}): a later signature, which the certification (P = 1) does not allow"
            ));
        }
        return Verdict::ok(
            L::FormFilling,
            format!("object {num} ({kind}) added with a later signature"),
        );
    }
    if j.level < 3 {
        return Verdict::no(format!(
            "object {num} ({kind}) added: an annotation or field, which the certification (P = {}) does not allow",
            j.level
        ));
    }
    Verdict::ok(
        L::Annotations,
        format!("object {num} ({kind}) added: an annotation or field"),
    )
}

/// Whether a new dictionary is part of a signature: a signature dictionary, a signature field,
/// or a widget of one (its field, found through /Parent, a signature field).
fn signature_part(j: &mut Judge<'_, '_, '_>, d: &Dict) -> bool {
    if is_signature_dict(d) || d.name(b"FT") == Some(b"Sig") {
        return true;
    }
    if d.name(b"Subtype") == Some(b"Widget") {
        if let Some(Object::Ref(p)) = d.get(b"Parent") {
            let parent = j.new_def(p.num);
            return parent
                .object()
                .and_then(Object::dict)
                .is_some_and(|pd| pd.name(b"FT") == Some(b"Sig"));
        }
    }
    false
}

/// Whether a new widget's field (through /Parent) holds a document timestamp.
fn signature_is_timestamp(j: &mut Judge<'_, '_, '_>, d: &Dict) -> bool {
    let Some(Object::Ref(p)) = d.get(b"Parent") else {
        return false;
    };
    match j.new_def(p.num).object().and_then(Object::dict).cloned() {
        Some(pd) => timestamp_only(&pd, j.new),
        None => false,
    }
}

/// Where an added annotation may be drawn or printed: `None` only when it provably is not (the
/// Hidden flag; NoView without Print; a rectangle of no area), else its rectangle as text —
/// or a word that it could not be read (a viewer may still draw it).
fn drawn_area(j: &mut Judge<'_, '_, '_>, d: &Dict) -> Option<String> {
    let flags = match d.get(b"F") {
        None => 0,
        Some(Object::Int(f)) => *f,
        Some(_) => {
            return Some("an area vanban cannot read (its flags are not a number)".to_owned())
        }
    };
    if flags & 2 != 0 || (flags & 32 != 0 && flags & 4 == 0) {
        return None; // Hidden; NoView and not printed
    }
    let number = |j: &mut Judge<'_, '_, '_>, o: &Object| match o {
        Object::Ref(r) => j.new_def(r.num).object().and_then(Object::number),
        o => o.number(),
    };
    let items = match d.get(b"Rect") {
        Some(Object::Array(a)) => Some(a.clone()),
        Some(Object::Ref(r)) => match j.new_def(r.num).object() {
            Some(Object::Array(a)) => Some(a.clone()),
            _ => None,
        },
        _ => None,
    };
    let values: Option<Vec<f64>> =
        items.and_then(|a| a.iter().map(|o| number(j, o)).collect::<Option<Vec<f64>>>());
    match values.as_deref() {
        Some([x1, y1, x2, y2]) if (x2 - x1).abs() <= 0.5 || (y2 - y1).abs() <= 0.5 => None,
        Some([x1, y1, x2, y2]) => Some(format!("[{x1:.0} {y1:.0} {x2:.0} {y2:.0}]")),
        _ => Some("an area vanban cannot read (its /Rect is not four numbers)".to_owned()),
    }
}

/// JavaScript an added entry carries in its actions (/A, /AA, each followed along /Next,
/// bounded): what it says, or `None`.
fn scripted(j: &mut Judge<'_, '_, '_>, d: &Dict) -> Option<String> {
    let mut todo: Vec<Object> = Vec::new();
    todo.extend(d.get(b"A").cloned());
    match d.get(b"AA") {
        Some(Object::Dict(aa)) => todo.extend(aa.0.iter().map(|(_, v)| v.clone())),
        Some(r @ Object::Ref(_)) => todo.push(r.clone()),
        _ => {}
    }
    let mut budget = 64;
    while let Some(o) = todo.pop() {
        budget -= 1;
        if budget == 0 {
            return Some("more actions than vanban follows".to_owned());
        }
        let resolved = match o {
            Object::Ref(r) => j.new_def(r.num).object().cloned(),
            o => Some(o),
        };
        match resolved {
            Some(Object::Array(items)) => todo.extend(items),
            Some(Object::Dict(a)) => {
                if a.name(b"S") == Some(b"JavaScript") || a.get(b"JS").is_some() {
                    return Some("a JavaScript action".to_owned());
                }
                // An /AA dictionary reached through a reference: its entries are actions.
                if a.get(b"S").is_none() && a.get(b"Next").is_none() {
                    todo.extend(a.0.iter().map(|(_, v)| v.clone()));
                }
                todo.extend(a.get(b"Next").cloned());
            }
            _ => {}
        }
    }
    None
}
