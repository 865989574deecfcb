package dev.collab.itests.osgi;

import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** The one entity of {@link TransactionControlIT}'s persistence unit. */
@Entity
@Table(name = "TXC_NOTE")
public class TxcNote {
    @Id
    public String id;

    public String text;

    public TxcNote() {
    }

    TxcNote(String id, String text) {
        this.id = id;
        this.text = text;
    }
}
