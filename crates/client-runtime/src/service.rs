//! Services as data: the endpoint tables the generator writes from `x-regions`.

/// One service of the API and where it is served.
#[derive(Debug)]
pub struct Service {
    /// Module name (`cbr`); also the key for per-service endpoints.
    pub module: &'static str,
    /// Title from the spec.
    pub title: &'static str,
    /// Endpoint by region, sorted by region, from Huawei's official SDK.
    pub regions: &'static [(&'static str, &'static str)],
}

impl Service {
    /// The endpoint for `region`, if the region is known.
    pub fn endpoint(&self, region: &str) -> Option<&'static str> {
        self.regions
            .binary_search_by(|(r, _)| (*r).cmp(region))
            .ok()
            .map(|i| self.regions[i].1)
    }

    /// The regions this service is known to run in.
    pub fn region_names(&self) -> Vec<&'static str> {
        self.regions.iter().map(|(r, _)| *r).collect()
    }
}
