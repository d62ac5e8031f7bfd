package dev.postsapi;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shape the style guide asks for, checked on every build. */
class ArchitectureTests {

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.postsapi");

	/**
	 * Each module's dependencies are those its package-info allows, and none is a cycle.
	 */
	@Test
	void modulesDependOnlyOnWhatTheyDeclare() {
		ApplicationModules.of(PostsApiApplication.class).verify();
	}

	@Test
	void onlyServicesUseRepositories() {
		noClasses().that()
			.areNotAnnotatedWith(Service.class)
			.and()
			.areNotAssignableTo(Repository.class)
			.and()
			.areNotAnnotatedWith(org.springframework.stereotype.Repository.class)
			.should()
			.dependOnClassesThat()
			.areAssignableTo(Repository.class)
			.orShould()
			.dependOnClassesThat()
			.areAnnotatedWith(org.springframework.stereotype.Repository.class)
			.check(CLASSES);
	}

	@Test
	void entitiesAreNotVisibleOutsideTheirFeature() {
		classes().that().areAnnotatedWith(Entity.class).should().notBePublic().check(CLASSES);
	}

	@Test
	void controllersDependOnNoEntity() {
		noClasses().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(Entity.class)
			.check(CLASSES);
	}

	@Test
	void servicesReturnNoEntity() {
		methods().that()
			.areDeclaredInClassesThat()
			.areAnnotatedWith(Service.class)
			.should()
			.notHaveRawReturnType(
					DescribedPredicate.describe("an entity", (JavaClass type) -> type.isAnnotatedWith(Entity.class)))
			.check(CLASSES);
	}

}
