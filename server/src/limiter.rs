//! Applications per client address and minute: a fixed window per address, in this
//! instance's memory (each instance limits what it receives; nothing another
//! instance needs). The table is emptied when it grows past a bound, so a flood of
//! addresses cannot exhaust memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

/// Addresses remembered at most.
const MAX_ADDRESSES: usize = 100_000;

pub struct Limiter {
    per_minute: u32,
    seen: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl Limiter {
    pub fn new(per_minute: u32) -> Limiter {
        Limiter {
            per_minute,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `client` may send one more now.
    pub fn allow(&self, client: IpAddr, now: crate::Now) -> bool {
        let minute = now.unix.div_euclid(60);
        let Ok(mut seen) = self.seen.lock() else {
            return true;
        };
        if seen.len() >= MAX_ADDRESSES {
            seen.clear();
        }
        let entry = seen.entry(client).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        if entry.1 >= self.per_minute {
            return false;
        }
        entry.1 += 1;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Now;

    #[test]
    fn a_client_gets_its_share_per_minute_and_others_theirs() {
        let limiter = Limiter::new(2);
        let (a, b): (IpAddr, IpAddr) = (
            "10.0.0.1".parse().expect("ip"),
            "10.0.0.2".parse().expect("ip"),
        );
        let at = |s: i64| Now::at(1_800_000_000 + s);
        assert!(limiter.allow(a, at(0)));
        assert!(limiter.allow(a, at(10)));
        assert!(!limiter.allow(a, at(20)), "the third in the minute");
        assert!(limiter.allow(b, at(20)), "another address");
        assert!(limiter.allow(a, at(61)), "the next minute");
    }
}
