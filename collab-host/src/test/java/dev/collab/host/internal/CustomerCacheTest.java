package dev.collab.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.collab.api.customers.Customer;

class CustomerCacheTest {
    private static NavigableMap<String, Customer> customers(int count) {
        NavigableMap<String, Customer> result = new TreeMap<>();
        IntStream.range(0, count).forEach(i -> result.put("c" + i, new Customer("c" + i, "Customer " + i)));
        return result;
    }

    @Test
    void aCopyReadWhileAWriteHappenedIsNotKept() {
        CustomerCache cache = new CustomerCache(100);
        long readAt = cache.generation();
        cache.changed("acme");
        cache.keep("acme", readAt, customers(3));
        assertNull(cache.get("acme"));
        cache.keep("acme", cache.generation(), customers(3));
        assertEquals(3, cache.get("acme").size());
        cache.changed("acme");
        assertNull(cache.get("acme"));
        assertEquals(0, cache.held());
    }

    @Test
    void theLeastRecentlyAskedTenantsGoFirstWhenTheBoundIsReached() {
        CustomerCache cache = new CustomerCache(10);
        cache.keep("a", cache.generation(), customers(4));
        cache.keep("b", cache.generation(), customers(4));
        assertNotNull(cache.get("a"));
        cache.keep("c", cache.generation(), customers(4));
        assertNotNull(cache.get("a"));
        assertNull(cache.get("b"));
        assertNotNull(cache.get("c"));
        assertEquals(8, cache.held());
    }

    @Test
    void aTenantAboveTheBoundIsRememberedAsTooLargeAndEmptyTenantsCountAsOne() {
        CustomerCache cache = new CustomerCache(5);
        cache.keep("big", cache.generation(), customers(6));
        assertNull(cache.get("big"));
        assertTrue(cache.isTooLarge("big"));
        for (int i = 0; i < 20; i++) {
            cache.keep("unknown-" + i, cache.generation(), customers(0));
        }
        assertEquals(5, cache.held());
        assertFalse(cache.isTooLarge("unknown-19"));
        assertNotNull(cache.get("unknown-19"));
        assertNull(cache.get("unknown-0"));
    }
}
