//! Little-endian lengths, numbers and strings for the binary blobs the
//! store keeps (signatures, story states); reading a truncated blob gives
//! `None`, never a panic.

pub(crate) fn put_len(b: &mut Vec<u8>, n: usize) {
    b.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

pub(crate) fn put_str(b: &mut Vec<u8>, s: &str) {
    put_len(b, s.len());
    b.extend_from_slice(s.as_bytes());
}

/// An optional string: a flag byte, then the string when there is one.
pub(crate) fn put_opt_str(b: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            b.push(1);
            put_str(b, s);
        }
        None => b.push(0),
    }
}

pub(crate) struct Reader<'a>(pub(crate) &'a [u8]);

impl<'a> Reader<'a> {
    pub(crate) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Some(head)
    }
    pub(crate) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(crate) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    pub(crate) fn len(&mut self) -> Option<usize> {
        usize::try_from(self.u32()?).ok()
    }
    pub(crate) fn string(&mut self) -> Option<String> {
        let n = self.len()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    /// What [`put_opt_str`] wrote (`None`: truncated).
    pub(crate) fn opt_string(&mut self) -> Option<Option<String>> {
        match self.take(1)?[0] {
            0 => Some(None),
            _ => Some(Some(self.string()?)),
        }
    }
}
