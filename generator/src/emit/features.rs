//! Cargo features: one per service, and for every model and enum the set of
//! services that reach it, so a crate built with a few services compiles
//! only the types those services can send or return.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Response, TypeRef};

/// Which services need each model and enum, by index into `Api::services`.
pub struct Features {
    /// Feature names, one per service, in service order.
    names: Vec<String>,
    models: Vec<BTreeSet<usize>>,
    enums: Vec<BTreeSet<usize>>,
    unions: Vec<BTreeSet<usize>>,
}

impl Features {
    pub fn compute(api: &Api) -> Features {
        let mut features = Features {
            names: api.services.iter().map(|s| s.name.rust.clone()).collect(),
            models: vec![BTreeSet::new(); api.models.len()],
            enums: vec![BTreeSet::new(); api.enums.len()],
            unions: vec![BTreeSet::new(); api.unions.len()],
        };
        for (service_index, service) in api.services.iter().enumerate() {
            for op in &service.operations {
                for param in &op.params {
                    features.mark_type(api, service_index, &param.ty);
                }
                match op.response {
                    Response::Model(m) => features.mark_model(api, service_index, m),
                    Response::Union(u) => features.mark_type(api, service_index, &TypeRef::Union(u)),
                    _ => {}
                }
            }
        }
        // A model no service reaches is always compiled, so everything its
        // fields name must be too.
        let roots: Vec<usize> = (0..api.models.len()).filter(|&m| features.models[m].is_empty()).collect();
        let mut seen = BTreeSet::new();
        for root in roots {
            features.ungate_model(api, root, &mut seen);
        }
        features
    }

    fn mark_type(&mut self, api: &Api, service: usize, ty: &TypeRef) {
        match ty {
            TypeRef::Array(inner) => self.mark_type(api, service, inner),
            TypeRef::Model(m) => self.mark_model(api, service, *m),
            TypeRef::Enum(e) => {
                self.enums[*e].insert(service);
            }
            TypeRef::Union(u) => {
                self.unions[*u].insert(service);
                for member in &api.unions[*u].members {
                    self.mark_model(api, service, member.model);
                }
            }
            _ => {}
        }
    }

    fn mark_model(&mut self, api: &Api, service: usize, model: usize) {
        // An already-marked model has had its fields walked for this service,
        // which also ends recursion through self-referencing models.
        if !self.models[model].insert(service) {
            return;
        }
        for field in &api.models[model].fields {
            self.mark_type(api, service, &field.ty);
            // The field's docs link to its possible shapes, and a caller
            // decoding the field needs them.
            for &m in &field.one_of {
                self.mark_model(api, service, m);
            }
        }
    }

    fn ungate_model(&mut self, api: &Api, model: usize, seen: &mut BTreeSet<usize>) {
        if !seen.insert(model) {
            return;
        }
        self.models[model].clear();
        for field in &api.models[model].fields {
            let mut ty = &field.ty;
            while let TypeRef::Array(inner) = ty {
                ty = inner;
            }
            match ty {
                TypeRef::Model(m) => self.ungate_model(api, *m, seen),
                TypeRef::Enum(e) => self.enums[*e].clear(),
                TypeRef::Union(u) => {
                    self.unions[*u].clear();
                    for member in &api.unions[*u].members {
                        self.ungate_model(api, member.model, seen);
                    }
                }
                _ => {}
            }
            for &m in &field.one_of {
                self.ungate_model(api, m, seen);
            }
        }
    }

    /// `#[cfg(...)]` for a model; `None` when no service reaches it: such a
    /// model (a webhook payload, say) is part of the API whatever is enabled.
    pub fn model_cfg(&self, model: usize) -> Option<TokenStream> {
        self.cfg(&self.models[model])
    }

    pub fn enum_cfg(&self, def: usize) -> Option<TokenStream> {
        self.cfg(&self.enums[def])
    }

    pub fn union_cfg(&self, union: usize) -> Option<TokenStream> {
        self.cfg(&self.unions[union])
    }

    /// `#[cfg(...)]` for the runtime's union decoder: compiled when any
    /// union is, so never for a spec without unions, always when a union
    /// is part of the API whatever is enabled.
    pub fn union_runtime_cfg(&self) -> Option<TokenStream> {
        if self.unions.is_empty() {
            return Some(quote!(#[cfg(any())]));
        }
        if self.unions.iter().any(BTreeSet::is_empty) {
            return None;
        }
        self.cfg(&self.unions.iter().flatten().copied().collect())
    }

    pub fn service_cfg(&self, service: usize) -> TokenStream {
        let name = &self.names[service];
        quote!(#[cfg(feature = #name)])
    }

    /// Attribute allowing dead code unless every service is enabled: helpers
    /// of the runtime that only some kinds of operation call go unused in a
    /// crate built with a few services, and are checked in the full build.
    pub fn partial_build_allow(&self) -> Option<TokenStream> {
        if self.names.is_empty() {
            return None;
        }
        let names = &self.names;
        let every = if names.len() == 1 { quote!(feature = #(#names)*) } else { quote!(all(#(feature = #names),*)) };
        Some(quote!(#[cfg_attr(not(#every), allow(dead_code, unused_imports))]))
    }

    fn cfg(&self, services: &BTreeSet<usize>) -> Option<TokenStream> {
        match services.len() {
            0 => None,
            1 => services.first().map(|&s| self.service_cfg(s)),
            _ => {
                let names = services.iter().map(|&s| &self.names[s]);
                Some(quote!(#[cfg(any(#(feature = #names),*))]))
            }
        }
    }
}
