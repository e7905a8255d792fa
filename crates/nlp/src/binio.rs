//! The little-endian binary encoding shared by every veille model file:
//! strings, string lists and a bounds-checked reader that reports where a
//! truncated or corrupt file stops making sense.

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a veille model of the expected kind (bad magic)")]
    Magic,
    #[error("model format version {0} is not supported (this veille reads version {1})")]
    Version(u32, u32),
    #[error("model is truncated or corrupt at byte {0}")]
    Truncated(usize),
}

pub(crate) fn put_u32(b: &mut Vec<u8>, v: u32) {
    b.extend_from_slice(&v.to_le_bytes());
}

pub(crate) fn put_str(b: &mut Vec<u8>, s: &str) {
    put_u32(b, s.len() as u32);
    b.extend_from_slice(s.as_bytes());
}

pub(crate) fn put_strs<'a>(b: &mut Vec<u8>, it: impl ExactSizeIterator<Item = &'a String>) {
    put_u32(b, it.len() as u32);
    for s in it {
        put_str(b, s);
    }
}

/// Writes magic and version.
pub(crate) fn header(b: &mut Vec<u8>, magic: &[u8; 8], version: u32) {
    b.extend_from_slice(magic);
    put_u32(b, version);
}

pub(crate) struct Reader<'a> {
    b: &'a [u8],
    pub pos: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, pos: 0 }
    }
    /// Checks magic and version.
    pub fn header(b: &'a [u8], magic: &[u8; 8], version: u32) -> Result<Self, ModelError> {
        let mut r = Reader::new(b);
        if r.take(8)? != magic {
            return Err(ModelError::Magic);
        }
        let v = r.u32()?;
        if v != version {
            return Err(ModelError::Version(v, version));
        }
        Ok(r)
    }
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(ModelError::Truncated(self.pos))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    /// A count of items of at least `min_bytes` each, checked against what is left.
    pub fn count(&mut self, min_bytes: usize) -> Result<usize, ModelError> {
        let at = self.pos;
        let n = self.u32()? as usize;
        if n.saturating_mul(min_bytes.max(1)) > self.b.len() - self.pos {
            return Err(ModelError::Truncated(at));
        }
        Ok(n)
    }
    pub fn string(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let pos = self.pos;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| ModelError::Truncated(pos))
    }
    pub fn strings(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.count(4)?;
        (0..n).map(|_| self.string()).collect()
    }
}
